package io.distdb.server.sql.expr;

import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.server.sql.SqlErrors;
import io.distdb.server.sql.catalog.SqlType;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.JsonExpression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.IntegerDivision;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/**
 * Turns a JSqlParser expression into an {@link Expr} over a {@link Scope}, resolving columns to slots once.
 * Logic follows SQL's three values: comparisons with NULL are NULL, AND/OR/NOT use the Kleene tables, and
 * a WHERE keeps a row only when its condition is TRUE. Records which scope entries an expression reads,
 * which the planner uses to push conditions down to one table.
 */
public final class ExprCompiler {

    private final Scope scope;
    private final GroupBinder group;
    private final BitSet referenced = new BitSet();

    public ExprCompiler(Scope scope) {
        this(scope, null);
    }

    public ExprCompiler(Scope scope, GroupBinder group) {
        this.scope = scope;
        this.group = group;
    }

    /** Scope entries read by everything compiled so far. */
    public BitSet referenced() {
        return referenced;
    }

    /** Evaluates an expression that reads no columns; fails with unknown_column if it does. */
    public static Object constant(Expression e) {
        return constant(e, Params.NONE);
    }

    /** Evaluates an expression that reads no columns but may read parameters. */
    public static Object constant(Expression e, Params params) {
        return new ExprCompiler(Scope.empty(params)).compile(e).eval(new Object[0]);
    }

    /** The text a LIKE pattern is known to be while compiling: a string literal, or a parameter bound to text. */
    public static String fixedText(Expression e, Params params) {
        if (e instanceof StringValue s) {
            return s.getNotExcapedValue();
        }
        if (e instanceof JdbcParameter p && params.get(p) instanceof String s) {
            return s;
        }
        return null;
    }

    /** A condition that keeps rows only when TRUE. */
    public static boolean isTrue(Object v) {
        return Boolean.TRUE.equals(Values.truth(v));
    }

    public Expr compile(Expression e) {
        if (group != null) {
            Expr key = group.groupKey(e);
            if (key != null) {
                return key;
            }
        }
        if (e instanceof Column c) {
            return column(c);
        }
        if (e instanceof LongValue l) {
            long v;
            try {
                v = l.getValue();
            } catch (NumberFormatException ex) {
                throw SqlErrors.typeMismatch("integer literal " + l.getStringValue() + " is out of range");
            }
            Object boxed = v;
            return row -> boxed;
        }
        if (e instanceof DoubleValue d) {
            Object boxed = d.getValue();
            return row -> boxed;
        }
        if (e instanceof StringValue s) {
            String v = s.getNotExcapedValue();
            return row -> v;
        }
        if (e instanceof NullValue) {
            return row -> null;
        }
        if (e instanceof JdbcParameter p) {
            // Bound like a literal of the same value: the text of a parameter is never parsed.
            Object v = scope.params().get(p);
            return row -> v;
        }
        if (e instanceof JdbcNamedParameter p) {
            throw SqlErrors.unsupported("named parameter :" + p.getName() + " (use ? or $1, bound by position)");
        }
        if (e instanceof BooleanValue b) {
            Boolean v = b.getValue();
            return row -> v;
        }
        if (e instanceof TimeKeyExpression t) {
            String key = t.getStringValue().toUpperCase(Locale.ROOT).replace("()", "");
            if (key.equals("CURRENT_TIMESTAMP") || key.equals("NOW")) {
                return row -> Instant.now();
            }
            throw SqlErrors.unsupported(t.getStringValue());
        }
        if (e instanceof SignedExpression s) {
            Expr inner = compile(s.getExpression());
            if (s.getSign() == '+') {
                return row -> Values.toNumber(inner.eval(row));
            }
            if (s.getSign() == '-') {
                return row -> Arithmetic.negate(inner.eval(row));
            }
            throw SqlErrors.unsupported("operator " + s.getSign());
        }
        if (e instanceof ParenthesedExpressionList<?> p) {
            if (p.size() != 1) {
                throw SqlErrors.unsupported("row value " + p);
            }
            return compile(p.get(0));
        }
        if (e instanceof CastExpression c) {
            return cast(c);
        }
        if (e instanceof Addition a) {
            return arithmetic(a.getLeftExpression(), a.getRightExpression(), '+');
        }
        if (e instanceof Subtraction a) {
            return arithmetic(a.getLeftExpression(), a.getRightExpression(), '-');
        }
        if (e instanceof Multiplication a) {
            return arithmetic(a.getLeftExpression(), a.getRightExpression(), '*');
        }
        if (e instanceof Division a) {
            return arithmetic(a.getLeftExpression(), a.getRightExpression(), '/');
        }
        if (e instanceof IntegerDivision a) {
            return arithmetic(a.getLeftExpression(), a.getRightExpression(), '/');
        }
        if (e instanceof Modulo a) {
            return arithmetic(a.getLeftExpression(), a.getRightExpression(), '%');
        }
        if (e instanceof Concat c) {
            Expr l = compile(c.getLeftExpression());
            Expr r = compile(c.getRightExpression());
            return row -> {
                Object a = l.eval(row);
                Object b = r.eval(row);
                return a == null || b == null ? null : text(a) + text(b);
            };
        }
        if (e instanceof EqualsTo x) {
            return comparison(x.getLeftExpression(), x.getRightExpression(), c -> c == 0);
        }
        if (e instanceof NotEqualsTo x) {
            return comparison(x.getLeftExpression(), x.getRightExpression(), c -> c != 0);
        }
        if (e instanceof GreaterThan x) {
            return comparison(x.getLeftExpression(), x.getRightExpression(), c -> c > 0);
        }
        if (e instanceof GreaterThanEquals x) {
            return comparison(x.getLeftExpression(), x.getRightExpression(), c -> c >= 0);
        }
        if (e instanceof MinorThan x) {
            return comparison(x.getLeftExpression(), x.getRightExpression(), c -> c < 0);
        }
        if (e instanceof MinorThanEquals x) {
            return comparison(x.getLeftExpression(), x.getRightExpression(), c -> c <= 0);
        }
        if (e instanceof AndExpression a) {
            Expr l = compile(a.getLeftExpression());
            Expr r = compile(a.getRightExpression());
            return row -> and(Values.truth(l.eval(row)), r, row);
        }
        if (e instanceof OrExpression o) {
            Expr l = compile(o.getLeftExpression());
            Expr r = compile(o.getRightExpression());
            return row -> or(Values.truth(l.eval(row)), r, row);
        }
        if (e instanceof NotExpression n) {
            Expr inner = compile(n.getExpression());
            return row -> not(Values.truth(inner.eval(row)));
        }
        if (e instanceof IsNullExpression n) {
            Expr inner = compile(n.getLeftExpression());
            boolean negated = n.isNot();
            return row -> (Values.unwrapJson(inner.eval(row)) == null) != negated;
        }
        if (e instanceof InExpression in) {
            return in(in);
        }
        if (e instanceof Between b) {
            Expr v = compile(b.getLeftExpression());
            Expr lo = compile(b.getBetweenExpressionStart());
            Expr hi = compile(b.getBetweenExpressionEnd());
            boolean negated = b.isNot();
            return row -> {
                Object x = v.eval(row);
                Boolean ge = ge(x, lo.eval(row));
                Boolean within = and(ge, r -> le(x, hi.eval(r)), row);
                return negated ? not(within) : within;
            };
        }
        if (e instanceof LikeExpression like) {
            return like(like);
        }
        if (e instanceof CaseExpression c) {
            return caseWhen(c);
        }
        if (e instanceof JsonExpression j) {
            return json(j);
        }
        if (e instanceof Function f) {
            return function(f);
        }
        if (e instanceof AllColumns) {
            throw SqlErrors.error("* is only allowed in the select list and in COUNT(*)");
        }
        throw SqlErrors.unsupported("expression " + e + " (" + e.getClass().getSimpleName() + ")");
    }

    private Expr column(Column c) {
        String qualifier = c.getTable() == null || c.getTable().getName() == null ? null : qualifierOf(c);
        int[] found = scope.resolve(qualifier, Names.normalize(c.getColumnName()));
        if (group != null) {
            throw SqlErrors.error("column '" + c.getFullyQualifiedName() + "' must appear in GROUP BY or be used in an aggregate function");
        }
        referenced.set(found[0]);
        int slot = found[1];
        return row -> row[slot];
    }

    /** "t" for t.col; "documents.users" is matched by its last part. */
    private static String qualifierOf(Column c) {
        return Names.normalize(c.getTable().getName());
    }

    private Expr cast(CastExpression c) {
        Expr inner = compile(c.getLeftExpression());
        SqlType type = SqlType.parse(c.getColDataType().getDataType()).type();
        return row -> Values.cast(inner.eval(row), type);
    }

    private Expr arithmetic(Expression left, Expression right, char op) {
        Expr l = compile(left);
        Expr r = compile(right);
        return row -> Arithmetic.apply(op, l.eval(row), r.eval(row));
    }

    private Expr comparison(Expression left, Expression right, IntPredicate test) {
        Expr l = compile(left);
        Expr r = compile(right);
        return row -> {
            Object a = Values.unwrapJson(l.eval(row));
            Object b = Values.unwrapJson(r.eval(row));
            if (a == null || b == null) {
                return null;
            }
            return test.test(Values.compare(a, b));
        };
    }

    private static Boolean ge(Object a, Object b) {
        a = Values.unwrapJson(a);
        b = Values.unwrapJson(b);
        return a == null || b == null ? null : Values.compare(a, b) >= 0;
    }

    private static Boolean le(Object a, Object b) {
        a = Values.unwrapJson(a);
        b = Values.unwrapJson(b);
        return a == null || b == null ? null : Values.compare(a, b) <= 0;
    }

    /** Kleene AND; the right side is skipped once the left is FALSE. */
    private static Boolean and(Boolean left, Expr right, Object[] row) {
        if (Boolean.FALSE.equals(left)) {
            return false;
        }
        Boolean r = Values.truth(right.eval(row));
        if (Boolean.FALSE.equals(r)) {
            return false;
        }
        return left == null || r == null ? null : true;
    }

    private static Boolean or(Boolean left, Expr right, Object[] row) {
        if (Boolean.TRUE.equals(left)) {
            return true;
        }
        Boolean r = Values.truth(right.eval(row));
        if (Boolean.TRUE.equals(r)) {
            return true;
        }
        return left == null || r == null ? null : false;
    }

    private static Boolean not(Boolean v) {
        return v == null ? null : !v;
    }

    private Expr in(InExpression in) {
        Expression fixed = InFix.normalize(in);
        if (fixed != in) {
            return compile(fixed);
        }
        if (!(in.getRightExpression() instanceof ExpressionList<?> list)) {
            throw SqlErrors.unsupported("IN with a subquery");
        }
        Expr left = compile(in.getLeftExpression());
        List<Expr> items = new ArrayList<>();
        for (Expression item : list) {
            items.add(compile(item));
        }
        boolean negated = in.isNot();
        return row -> {
            Object v = Values.unwrapJson(left.eval(row));
            if (v == null) {
                return null;
            }
            boolean sawNull = false;
            for (Expr item : items) {
                Object x = Values.unwrapJson(item.eval(row));
                if (x == null) {
                    sawNull = true;
                } else if (Values.compare(v, x) == 0) {
                    return !negated;
                }
            }
            return sawNull ? null : negated;
        };
    }

    private Expr like(LikeExpression like) {
        String keyword = like.getLikeKeyWord() == null ? "LIKE" : like.getLikeKeyWord().name();
        boolean insensitive = keyword.equals("ILIKE");
        if (!keyword.equals("LIKE") && !insensitive) {
            throw SqlErrors.unsupported(keyword);
        }
        if (like.getEscape() != null) {
            throw SqlErrors.unsupported("LIKE ... ESCAPE (a backslash escapes % and _)");
        }
        Expr value = compile(like.getLeftExpression());
        Expr pattern = compile(like.getRightExpression());
        boolean negated = like.isNot();
        String fixedPattern = fixedText(like.getRightExpression(), scope.params());
        Pattern fixed = fixedPattern != null ? Like.compile(fixedPattern, insensitive) : null;
        return row -> {
            Object v = Values.unwrapJson(value.eval(row));
            if (v == null) {
                return null;
            }
            Pattern p = fixed;
            if (p == null) {
                Object pv = pattern.eval(row);
                if (pv == null) {
                    return null;
                }
                p = Like.compile(text(pv), insensitive);
            }
            return p.matcher(text(v)).matches() != negated;
        };
    }

    private Expr caseWhen(CaseExpression c) {
        Expr subject = c.getSwitchExpression() == null ? null : compile(c.getSwitchExpression());
        List<Expr[]> whens = new ArrayList<>();
        for (WhenClause w : c.getWhenClauses()) {
            whens.add(new Expr[] {compile(w.getWhenExpression()), compile(w.getThenExpression())});
        }
        Expr otherwise = c.getElseExpression() == null ? row -> null : compile(c.getElseExpression());
        return row -> {
            Object s = subject == null ? null : subject.eval(row);
            for (Expr[] w : whens) {
                boolean hit = subject == null ? isTrue(w[0].eval(row)) : Boolean.TRUE.equals(Values.sqlEquals(s, w[0].eval(row)));
                if (hit) {
                    return w[1].eval(row);
                }
            }
            return otherwise.eval(row);
        };
    }

    /**
     * {@code ->} reads a field (text key) or element (integer) as JSON, {@code ->>} as text. JSqlParser nests
     * a chain to the right ({@code doc -> ('a' ->> 'b')}), so the steps are flattened first.
     */
    private Expr json(JsonExpression j) {
        Expr base = compile(j.getExpression());
        List<String> ops = new ArrayList<>();
        List<Expr> keys = new ArrayList<>();
        flatten(j, ops, keys);
        return row -> {
            Object v = base.eval(row);
            for (int i = 0; i < ops.size() && v != null; i++) {
                JsonNode node = asJson(v);
                Object key = Values.unwrapJson(keys.get(i).eval(row));
                JsonNode next = null;
                if (key instanceof String field) {
                    next = node.isObject() ? node.get(field) : null;
                } else if (key instanceof Long index) {
                    if (node.isArray()) {
                        long at = index < 0 ? node.size() + index : index;
                        next = at >= 0 && at < node.size() ? node.get((int) at) : null;
                    }
                } else if (key != null) {
                    throw SqlErrors.typeMismatch("a JSON key must be TEXT or INTEGER, not " + Values.typeName(key));
                }
                if (next == null || next.isNull()) {
                    return null;
                }
                v = ops.get(i).equals("->>") ? (next.isTextual() ? next.textValue() : next.toString()) : next;
            }
            return v;
        };
    }

    private void flatten(JsonExpression j, List<String> ops, List<Expr> keys) {
        for (int i = 0; i < j.getIdents().size(); i++) {
            String op = j.getOperators().get(i);
            if (!op.equals("->") && !op.equals("->>")) {
                throw SqlErrors.unsupported("JSON operator " + op);
            }
            Expression ident = j.getIdents().get(i);
            if (ident instanceof JsonExpression inner) {
                ops.add(op);
                keys.add(compile(inner.getExpression()));
                flatten(inner, ops, keys);
            } else {
                ops.add(op);
                keys.add(compile(ident));
            }
        }
    }

    private static JsonNode asJson(Object v) {
        try {
            return Values.toJson(v);
        } catch (IllegalArgumentException e) {
            throw SqlErrors.typeMismatch("-> and ->> need a JSON value: " + e.getMessage());
        }
    }

    private Expr function(Function f) {
        String name = f.getName().toUpperCase(Locale.ROOT);
        if (Aggregates.isAggregate(name)) {
            if (group == null) {
                throw SqlErrors.error("aggregate function " + name + " is not allowed here");
            }
            return group.aggregate(f);
        }
        if (f.isDistinct() || f.isAllColumns()) {
            throw SqlErrors.error(name + " takes no DISTINCT or *");
        }
        List<Expr> args = new ArrayList<>();
        if (f.getParameters() != null) {
            for (Expression p : f.getParameters()) {
                args.add(compile(p));
            }
        }
        return Functions.compile(name, args);
    }

    /** Text for concatenation and LIKE: numbers and JSON render as text. */
    static String text(Object v) {
        v = v instanceof JsonNode j && j.isTextual() ? j.textValue() : v;
        return v instanceof Instant t ? t.toString() : v.toString();
    }
}
