package io.distdb.sql.bind;

import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.errors.SqlException;
import io.distdb.sql.ast.Expr;
import io.distdb.sql.plan.BoundExpr;
import io.distdb.sql.plan.Exprs;
import io.distdb.sql.plan.LogicalPlan;
import io.distdb.sql.plan.LogicalPlan.AggregateCall;
import io.distdb.sql.types.Functions;
import io.distdb.sql.types.Like;
import io.distdb.sql.types.SqlType;
import io.distdb.sql.types.Values;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * Binds expressions: names to slots, operators to typed operations with PostgreSQL's implicit conversions
 * (an untyped literal or parameter takes the type of what it meets; numbers widen to a common type).
 * Chains of arithmetic are bound by a loop over the parser's left-deep tree, so a statement of ten
 * thousand {@code +} binds and evaluates without deep recursion.
 */
public final class ExpressionBinder {

    private static final Set<String> ARITHMETIC = Set.of("+", "-", "*", "/", "%", "^", "||");
    private static final Set<String> COMPARISON = Set.of("=", "<>", "<", "<=", ">", ">=");
    private static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "min", "max", "string_agg", "bool_and",
            "bool_or", "every");

    private final Binder binder;

    ExpressionBinder(Binder binder) {
        this.binder = binder;
    }

    /** Binds a condition (WHERE, ON, HAVING): its type must be boolean. */
    BoundExpr condition(Expr e, Scope scope, String clause) {
        return condition(e, scope, null, clause);
    }

    BoundExpr condition(Expr e, Scope scope, Binder.Aggregates aggregates, String clause) {
        BoundExpr b;
        try {
            b = bind(e, scope, aggregates);
        } catch (SqlException x) {
            if (aggregates == null && x.sqlState().equals("42803") && x.getMessage().endsWith("not allowed here")) {
                throw SqlErrors.grouping("aggregate functions are not allowed in " + clause);
            }
            throw x;
        }
        if (aggregates == null && Exprs.hasAggregate(b)) {
            throw SqlErrors.grouping("aggregate functions are not allowed in " + clause);
        }
        return booleanOf(b, "argument of " + clause);
    }

    private BoundExpr booleanOf(BoundExpr b, String what) {
        if (b.type() == SqlType.BOOLEAN) {
            return b;
        }
        if (b.type() == SqlType.UNKNOWN) {
            return coerce(b, SqlType.BOOLEAN, what);
        }
        throw SqlErrors.typeMismatch(what + " must be type boolean, not type " + b.type().sqlName());
    }

    /** The types parameters were given so far in the statement: later uses of {@code $n} read it. */
    private final java.util.Map<Integer, SqlType> paramTypes = new java.util.HashMap<>();

    /** Types parameters would take from where their values go (an INSERT's target column), for describing them only. */
    private final java.util.Map<Integer, SqlType> paramHints = new java.util.HashMap<>();

    /**
     * The type each parameter ({@code $n}, 1-based) took from where it was used, or the type of the column its
     * value is stored in; absent when neither says.
     */
    public java.util.Map<Integer, SqlType> parameterTypes() {
        java.util.Map<Integer, SqlType> all = new java.util.HashMap<>(paramHints);
        all.putAll(paramTypes);
        return all;
    }

    /** Notes that parameter {@code $index} is stored into a column of {@code type} (it stays untyped for evaluation). */
    public void hintParameterType(int index, SqlType type) {
        paramHints.putIfAbsent(index, type);
    }

    /** Binds {@code e}; {@code aggregates} collects aggregate calls where they are allowed, else null. */

    public BoundExpr bind(Expr e, Scope scope, Binder.Aggregates aggregates) {
        if (e instanceof Expr.Literal l) {
            return new BoundExpr.Constant(l.value(), l.type());
        }
        if (e instanceof Expr.Param p) {
            return new BoundExpr.Param(p.index(), paramTypes.getOrDefault(p.index(), SqlType.UNKNOWN));
        }
        if (e instanceof Expr.ColumnRef c) {
            return column(c, scope);
        }
        if (e instanceof Expr.Star s) {
            throw SqlErrors.syntax("* is only allowed in a select list or count(*)", null);
        }
        if (e instanceof Expr.Default d) {
            throw SqlErrors.syntax("DEFAULT is not allowed in this context", null);
        }
        if (e instanceof Expr.Unary u) {
            return unary(u, scope, aggregates);
        }
        if (e instanceof Expr.Binary b) {
            return binary(b, scope, aggregates);
        }
        if (e instanceof Expr.Logic l) {
            List<BoundExpr> operands = new ArrayList<>();
            for (Expr operand : l.operands()) {
                operands.add(booleanOf(bind(operand, scope, aggregates), "argument of " + (l.and() ? "AND" : "OR")));
            }
            return new BoundExpr.Logic(l.and(), operands);
        }
        if (e instanceof Expr.IsNull n) {
            return new BoundExpr.IsNull(bind(n.operand(), scope, aggregates), n.not());
        }
        if (e instanceof Expr.IsBoolean b) {
            return new BoundExpr.IsBoolean(booleanOf(bind(b.operand(), scope, aggregates), "argument of IS"),
                    b.value(), b.not());
        }
        if (e instanceof Expr.IsDistinctFrom d) {
            BoundExpr[] both = common(bind(d.left(), scope, aggregates), bind(d.right(), scope, aggregates), "IS DISTINCT FROM");
            return new BoundExpr.IsDistinct(both[0], both[1], d.not());
        }
        if (e instanceof Expr.Between b) {
            return between(b, scope, aggregates);
        }
        if (e instanceof Expr.InList in) {
            return inList(in, scope, aggregates);
        }
        if (e instanceof Expr.InQuery in) {
            BoundExpr operand = bind(in.operand(), scope, aggregates);
            return quantified(operand, "=", false, in.not(), in.query(), scope);
        }
        if (e instanceof Expr.Quantified q) {
            return quantified(bind(q.operand(), scope, aggregates), normalizeOp(q.op()), q.all(), false, q.query(), scope);
        }
        if (e instanceof Expr.Exists x) {
            return new BoundExpr.Exists(subquery(x.query(), scope, -1).subquery);
        }
        if (e instanceof Expr.ScalarQuery q) {
            BoundSub sub = subquery(q.query(), scope, 1);
            return new BoundExpr.ScalarSubquery(sub.subquery, sub.type);
        }
        if (e instanceof Expr.Like l) {
            return like(l, scope, aggregates);
        }
        if (e instanceof Expr.Case c) {
            return caseExpr(c, scope, aggregates);
        }
        if (e instanceof Expr.Cast c) {
            return cast(c, scope, aggregates);
        }
        if (e instanceof Expr.Call c) {
            return call(c, scope, aggregates);
        }
        throw new IllegalStateException("unexpected " + e);
    }

    private BoundExpr column(Expr.ColumnRef c, Scope scope) {
        if (c.parts().size() > 3) {
            throw SqlErrors.syntax("improper qualified name (too many dotted names): " + String.join(".", c.parts()), null);
        }
        Scope.Resolved r = scope.resolve(c.qualifier(), c.column());
        String name = c.qualifier() == null ? c.column() : c.qualifier() + "." + c.column();
        if (r.field().coalesceSlot() >= 0 && c.qualifier() == null) {
            return mergedColumn(r.field(), r.levelsUp());
        }
        if (r.levelsUp() == 0) {
            return new BoundExpr.Column(r.field().slot(), r.field().type(), name);
        }
        return new BoundExpr.OuterColumn(r.levelsUp(), r.field().slot(), r.field().type(), name);
    }

    /** The merged column of a FULL join's USING: the left value, or the right one where the left is NULL. */
    static BoundExpr mergedColumn(Scope.Field f, int levelsUp) {
        BoundExpr left = levelsUp == 0 ? new BoundExpr.Column(f.slot(), f.type(), f.name())
                : new BoundExpr.OuterColumn(levelsUp, f.slot(), f.type(), f.name());
        BoundExpr right = levelsUp == 0 ? new BoundExpr.Column(f.coalesceSlot(), f.type(), f.name())
                : new BoundExpr.OuterColumn(levelsUp, f.coalesceSlot(), f.type(), f.name());
        return new BoundExpr.Coalesce(List.of(left, right), f.type());
    }

    private BoundExpr unary(Expr.Unary u, Scope scope, Binder.Aggregates aggregates) {
        BoundExpr operand = bind(u.operand(), scope, aggregates);
        return switch (u.op()) {
            case "NOT" -> new BoundExpr.Not(booleanOf(operand, "argument of NOT"));
            case "+" -> numeric(operand, "+");
            case "-" -> {
                BoundExpr n = numeric(operand, "-");
                if (n instanceof BoundExpr.Constant k && k.value() != null) {
                    yield new BoundExpr.Constant(Values.negate(k.value(), k.type()), k.type());
                }
                yield new BoundExpr.Negate(n, n.type());
            }
            default -> throw SqlErrors.syntax("unknown operator " + u.op(), null);
        };
    }

    private BoundExpr numeric(BoundExpr operand, String op) {
        if (operand.type() == SqlType.UNKNOWN) {
            return operand instanceof BoundExpr.Param ? operand : coerce(operand, SqlType.NUMERIC, "operator " + op);
        }
        if (!operand.type().isNumeric()) {
            throw new SqlException("42883", SqlErrors.TYPE_MISMATCH, "operator does not exist: " + op + " " + operand.type().sqlName());
        }
        return operand;
    }

    private BoundExpr binary(Expr.Binary b, Scope scope, Binder.Aggregates aggregates) {
        String op = normalizeOp(b.op());
        if (ARITHMETIC.contains(op)) {
            return arithmetic(b, scope, aggregates);
        }
        if (COMPARISON.contains(op)) {
            return compare(op, bind(b.left(), scope, aggregates), bind(b.right(), scope, aggregates));
        }
        if (op.equals("->") || op.equals("->>")) {
            BoundExpr object = bind(b.left(), scope, aggregates);
            if (object.type() == SqlType.UNKNOWN) {
                object = coerce(object, SqlType.JSON, "operator " + op);
            } else if (object.type() != SqlType.JSON) {
                throw new SqlException("42883", SqlErrors.TYPE_MISMATCH, "operator does not exist: " + object.type().sqlName() + " " + op);
            }
            BoundExpr key = bind(b.right(), scope, aggregates);
            if (key.type() == SqlType.UNKNOWN && key instanceof BoundExpr.Constant) {
                key = coerce(key, SqlType.TEXT, "operator " + op);
            }
            return new BoundExpr.JsonGet(object, key, op.equals("->>"));
        }
        throw SqlErrors.unsupported("the operator " + op);
    }

    /** Binds a left-deep chain of arithmetic operators with a loop. */
    private BoundExpr arithmetic(Expr.Binary top, Scope scope, Binder.Aggregates aggregates) {
        List<Expr.Binary> spine = new ArrayList<>();
        Expr e = top;
        while (e instanceof Expr.Binary b && ARITHMETIC.contains(normalizeOp(b.op()))) {
            spine.add(b);
            e = b.left();
        }
        List<BoundExpr> operands = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        List<SqlType> types = new ArrayList<>();
        BoundExpr first = bind(e, scope, aggregates);
        operands.add(first);
        SqlType acc = first.type();
        for (int i = spine.size() - 1; i >= 0; i--) {
            Expr.Binary b = spine.get(i);
            String op = normalizeOp(b.op());
            BoundExpr next = bind(b.right(), scope, aggregates);
            if (op.equals("||")) {
                if (next.type() == SqlType.UNKNOWN) {
                    next = coerce(next, SqlType.TEXT, "operator ||");
                }
                if (acc == SqlType.UNKNOWN && operands.size() == 1) {
                    operands.set(0, coerce(operands.get(0), SqlType.TEXT, "operator ||"));
                }
                if (next.type() == SqlType.JSON || acc == SqlType.JSON) {
                    throw SqlErrors.unsupported("|| on jsonb");
                }
                acc = SqlType.TEXT;
            } else {
                if (next.type() == SqlType.UNKNOWN && acc != SqlType.UNKNOWN && !(next instanceof BoundExpr.Param)) {
                    next = coerce(next, acc, "operator " + op);
                }
                if (acc == SqlType.UNKNOWN && operands.size() == 1 && next.type() != SqlType.UNKNOWN
                        && !(operands.get(0) instanceof BoundExpr.Param)) {
                    operands.set(0, coerce(operands.get(0), next.type(), "operator " + op));
                    acc = next.type();
                }
                acc = Values.arithmeticType(op, acc, next.type());
            }
            operands.add(next);
            ops.add(op);
            types.add(acc);
        }
        if (operands.stream().anyMatch(ExpressionBinder::isNullConstant)) {
            return new BoundExpr.Constant(null, types.get(types.size() - 1));
        }
        return new BoundExpr.Arithmetic(operands, ops, types);
    }

    /** A comparison with both operands converted to the type they are compared in. */
    BoundExpr compare(String op, BoundExpr left, BoundExpr right) {
        BoundExpr[] both = common(left, right, "operator " + op);
        if (isNullConstant(both[0]) || isNullConstant(both[1])) {
            return new BoundExpr.Constant(null, SqlType.BOOLEAN);
        }
        return new BoundExpr.Compare(op, both[0], both[1]);
    }

    /**
     * Whether {@code e} is the constant NULL. Strict operators (comparisons, arithmetic, {@code ||}, strict
     * functions) with such an operand are NULL whatever the other operands are, so they are folded to NULL
     * when bound and the other operands are never evaluated, as PostgreSQL's planner does: {@code x / 0 = NULL}
     * is NULL, not a division by zero.
     */
    private static boolean isNullConstant(BoundExpr e) {
        return e instanceof BoundExpr.Constant c && c.value() == null;
    }

    /** Converts two operands to their common type (JSON values compare with plain values as they are). */
    private BoundExpr[] common(BoundExpr left, BoundExpr right, String context) {
        if (left.type() == SqlType.JSON ^ right.type() == SqlType.JSON) {
            BoundExpr other = left.type() == SqlType.JSON ? right : left;
            if (other.type() != SqlType.UNKNOWN || other instanceof BoundExpr.Param) {
                return new BoundExpr[] {left, right};
            }
        }
        SqlType t = commonType(left.type(), right.type(), context);
        return new BoundExpr[] {coerce(left, t, context), coerce(right, t, context)};
    }

    /** The type two values meet in, for comparisons, CASE, COALESCE, IN, UNION and VALUES. */
    SqlType commonType(SqlType a, SqlType b, String context) {
        if (a == b) {
            return a;
        }
        if (a == SqlType.UNKNOWN) {
            return b;
        }
        if (b == SqlType.UNKNOWN) {
            return a;
        }
        return Values.comparisonType(a, b);
    }

    /**
     * {@code e} converted to {@code type} as an implicit conversion: constants are converted now (so a bad
     * literal is reported before anything runs), parameters take the type, other values convert per row.
     */
    BoundExpr coerce(BoundExpr e, SqlType type, String context) {
        if (type == SqlType.UNKNOWN || e.type() == type) {
            return e;
        }
        if (e.type().isInteger() && type.isInteger()) {
            return e; // every integer width is a Long
        }
        if (e instanceof BoundExpr.Param p) {
            paramTypes.putIfAbsent(p.index(), type); // a parameter has one type: the first it is given (as PostgreSQL)
            return new BoundExpr.Param(p.index(), type);
        }
        if (e instanceof BoundExpr.Constant c) {
            return new BoundExpr.Constant(c.value() == null ? null : Values.coerce(c.value(), type), type);
        }
        return new BoundExpr.Cast(e, type, 0, false);
    }

    private BoundExpr between(Expr.Between b, Scope scope, Binder.Aggregates aggregates) {
        BoundExpr x = bind(b.operand(), scope, aggregates);
        BoundExpr low = bind(b.low(), scope, aggregates);
        BoundExpr high = bind(b.high(), scope, aggregates);
        BoundExpr inRange = new BoundExpr.Logic(true, List.of(compare(">=", x, low), compare("<=", x, high)));
        if (b.symmetric()) {
            inRange = new BoundExpr.Logic(false, List.of(inRange,
                    new BoundExpr.Logic(true, List.of(compare(">=", x, high), compare("<=", x, low)))));
        }
        return b.not() ? new BoundExpr.Not(inRange) : inRange;
    }

    private BoundExpr inList(Expr.InList in, Scope scope, Binder.Aggregates aggregates) {
        BoundExpr x = bind(in.operand(), scope, aggregates);
        List<BoundExpr> values = new ArrayList<>();
        SqlType t = x.type();
        for (Expr v : in.values()) {
            BoundExpr bound = bind(v, scope, aggregates);
            values.add(bound);
            if (!(t == SqlType.JSON || bound.type() == SqlType.JSON)) {
                t = commonType(t, bound.type(), "IN");
            }
        }
        if (t != SqlType.JSON) {
            SqlType common = t;
            x = coerce(x, common, "IN");
            values.replaceAll(v -> coerce(v, common, "IN"));
        }
        return new BoundExpr.InList(x, values, in.not());
    }

    private BoundExpr quantified(BoundExpr operand, String op, boolean all, boolean not, io.distdb.sql.ast.Query query, Scope scope) {
        BoundSub sub = subquery(query, scope, 1);
        SqlType t = operand.type() == SqlType.JSON || sub.type == SqlType.JSON ? SqlType.UNKNOWN
                : commonType(operand.type(), sub.type, "IN");
        BoundExpr.Subquery s = sub.subquery;
        if (t != SqlType.UNKNOWN && t != sub.type && !(t.isInteger() && sub.type.isInteger())) {
            LogicalPlan plan = new LogicalPlan.Project((LogicalPlan) s.plan(),
                    List.of(new BoundExpr.Cast(new BoundExpr.Column(0, sub.type, "?column?"), t, 0, false)));
            s = new BoundExpr.Subquery(plan, s.correlated(), s.outerSlots(), s.describe());
        }
        return new BoundExpr.QuantifiedSubquery(coerce(operand, t, "IN"), op, all, not, s);
    }

    private record BoundSub(BoundExpr.Subquery subquery, SqlType type) {
    }

    /** Binds a subquery inside {@code scope}; {@code columns} is the number it must have (-1: any, for EXISTS). */
    private BoundSub subquery(io.distdb.sql.ast.Query query, Scope scope, int columns) {
        BitSet saved = scope.startCapture();
        Binder.BoundQuery bound = binder.bindQuery(query, scope);
        BitSet captured = scope.endCapture(saved);
        if (columns == 1 && bound.columns().size() != 1) {
            throw SqlErrors.syntax(bound.columns().size() > 1 ? "subquery must return only one column" : "subquery has no columns", null);
        }
        // Correlated when it reads this query's row, or when anything bound in this query reads further out
        // (then the subquery may too, and its result changes with the rows of the queries around).
        boolean correlated = !captured.isEmpty() || scope.readsOuter;
        SqlType type = columns == 1 ? bound.columns().get(0).type() : SqlType.BOOLEAN;
        String text = "SUBQUERY";
        return new BoundSub(new BoundExpr.Subquery(bound.plan(), correlated, captured, text), type);
    }

    private BoundExpr like(Expr.Like l, Scope scope, Binder.Aggregates aggregates) {
        BoundExpr s = text(bind(l.operand(), scope, aggregates), l.caseInsensitive() ? "~~*" : "~~");
        BoundExpr p = text(bind(l.pattern(), scope, aggregates), l.caseInsensitive() ? "~~*" : "~~");
        BoundExpr esc = l.escape() == null ? null : text(bind(l.escape(), scope, aggregates), "ESCAPE");
        Like compiled = null;
        if (p instanceof BoundExpr.Constant c && c.value() != null
                && (esc == null || esc instanceof BoundExpr.Constant ec && ec.value() != null)) {
            Character escape = esc == null ? Character.valueOf('\\')
                    : BoundExpr.LikeMatch.escapeChar(Values.toText(((BoundExpr.Constant) esc).value()));
            compiled = Like.compile(Values.toText(c.value()), escape, l.caseInsensitive());
        }
        return new BoundExpr.LikeMatch(s, p, esc, l.not(), l.caseInsensitive(), compiled);
    }

    private BoundExpr text(BoundExpr e, String op) {
        if (e.type() == SqlType.TEXT) {
            return e;
        }
        if (e.type() == SqlType.UNKNOWN) {
            return coerce(e, SqlType.TEXT, op);
        }
        throw new SqlException("42883", SqlErrors.TYPE_MISMATCH, "operator does not exist: " + e.type().sqlName() + " " + op
                + " text (cast the value to text)");
    }

    private BoundExpr caseExpr(Expr.Case c, Scope scope, Binder.Aggregates aggregates) {
        List<BoundExpr> results = new ArrayList<>();
        SqlType t = SqlType.UNKNOWN;
        for (Expr.When w : c.whens()) {
            BoundExpr r = bind(w.result(), scope, aggregates);
            results.add(r);
            t = commonType(t, r.type(), "CASE");
        }
        BoundExpr otherwise = c.otherwise() == null ? null : bind(c.otherwise(), scope, aggregates);
        if (otherwise != null) {
            t = commonType(t, otherwise.type(), "CASE");
        }
        SqlType type = t == SqlType.UNKNOWN ? SqlType.TEXT : t;
        results.replaceAll(r -> coerce(r, type, "CASE"));
        BoundExpr other = otherwise == null ? null : coerce(otherwise, type, "CASE");
        if (c.operand() == null) {
            List<BoundExpr> conditions = new ArrayList<>();
            for (Expr.When w : c.whens()) {
                conditions.add(booleanOf(bind(w.condition(), scope, aggregates), "argument of CASE/WHEN"));
            }
            return new BoundExpr.Case(conditions, results, other, type);
        }
        BoundExpr operand = bind(c.operand(), scope, aggregates);
        List<BoundExpr> whens = new ArrayList<>();
        SqlType k = operand.type();
        for (Expr.When w : c.whens()) {
            BoundExpr v = bind(w.condition(), scope, aggregates);
            whens.add(v);
            k = commonType(k, v.type(), "CASE/WHEN");
        }
        SqlType key = k;
        whens.replaceAll(v -> coerce(v, key, "CASE/WHEN"));
        return new BoundExpr.SimpleCase(coerce(operand, key, "CASE"), whens, results, other, type);
    }

    private BoundExpr cast(Expr.Cast c, Scope scope, Binder.Aggregates aggregates) {
        BoundExpr operand = bind(c.operand(), scope, aggregates);
        TypeNames.Resolved target = TypeNames.resolve(c.type());
        if (operand instanceof BoundExpr.Constant k) {
            Object v = k.value() == null ? null : Values.cast(k.value(), target.type(), target.maxLength());
            return new BoundExpr.Constant(v, target.type());
        }
        if (operand instanceof BoundExpr.Param p && p.type() == SqlType.UNKNOWN) {
            return new BoundExpr.Cast(p, target.type(), target.maxLength(), true);
        }
        return new BoundExpr.Cast(operand, target.type(), target.maxLength(), true);
    }

    private BoundExpr call(Expr.Call c, Scope scope, Binder.Aggregates aggregates) {
        String name = c.name();
        if (AGGREGATES.contains(name)) {
            return aggregate(c, scope, aggregates);
        }
        if (c.star() || c.distinct()) {
            throw SqlErrors.syntax((c.star() ? "*" : "DISTINCT") + " specified, but " + name + " is not an aggregate function", null);
        }
        List<BoundExpr> args = new ArrayList<>();
        for (Expr a : c.args()) {
            args.add(bind(a, scope, aggregates));
        }
        switch (name) {
            case "coalesce" -> {
                SqlType t = SqlType.UNKNOWN;
                for (BoundExpr a : args) {
                    t = commonType(t, a.type(), "COALESCE");
                }
                SqlType type = t == SqlType.UNKNOWN ? SqlType.TEXT : t;
                args.replaceAll(a -> coerce(a, type, "COALESCE"));
                return new BoundExpr.Coalesce(args, type);
            }
            case "nullif" -> {
                if (args.size() != 2) {
                    throw SqlErrors.unknownFunction("nullif with " + args.size() + " arguments");
                }
                BoundExpr[] both = common(args.get(0), args.get(1), "NULLIF");
                return new BoundExpr.Case(List.of(new BoundExpr.Compare("=", both[0], both[1])),
                        List.of(new BoundExpr.Constant(null, both[0].type())), both[0], both[0].type());
            }
            default -> {
                Functions.Function f = Functions.find(name);
                if (f == null) {
                    throw SqlErrors.unknownFunction(name + "(" + String.join(", ",
                            args.stream().map(a -> a.type().sqlName()).toList()) + ")");
                }
                List<SqlType> types = args.stream().map(BoundExpr::type).toList();
                Functions.Bound bound = f.bind(types);
                if (bound.strict() && args.stream().anyMatch(ExpressionBinder::isNullConstant)) {
                    return new BoundExpr.Constant(null, bound.returnType());
                }
                return new BoundExpr.Call(name, bound, args, bound.returnType());
            }
        }
    }

    private BoundExpr aggregate(Expr.Call c, Scope scope, Binder.Aggregates aggregates) {
        if (aggregates == null) {
            throw SqlErrors.grouping("aggregate functions are not allowed here");
        }
        String name = c.name().equals("every") ? "bool_and" : c.name();
        if (c.star()) {
            if (!name.equals("count")) {
                throw SqlErrors.syntax(name + "(*) is not an aggregate", null);
            }
            return aggregates.add(new AggregateCall("count", null, false, SqlType.BIGINT, null));
        }
        int arity = name.equals("string_agg") ? 2 : 1;
        if (c.args().size() != arity) {
            throw SqlErrors.unknownFunction(name + " with " + c.args().size() + " arguments");
        }
        // Arguments are bound with no aggregate collector: an aggregate inside an aggregate is an error.
        BoundExpr arg = bind(c.args().get(0), scope, null);
        if (Exprs.hasAggregate(arg)) {
            throw SqlErrors.grouping("aggregate function calls cannot be nested");
        }
        BoundExpr separator = null;
        SqlType in = arg.type();
        SqlType type = switch (name) {
            case "count" -> SqlType.BIGINT;
            case "sum" -> switch (in) {
                case SMALLINT, INTEGER -> SqlType.BIGINT;
                case BIGINT, NUMERIC, UNKNOWN -> SqlType.NUMERIC;
                case DOUBLE -> SqlType.DOUBLE;
                default -> throw SqlErrors.unknownFunction("sum(" + in.sqlName() + ")");
            };
            case "avg" -> switch (in) {
                case SMALLINT, INTEGER, BIGINT, NUMERIC, UNKNOWN -> SqlType.NUMERIC;
                case DOUBLE -> SqlType.DOUBLE;
                default -> throw SqlErrors.unknownFunction("avg(" + in.sqlName() + ")");
            };
            case "min", "max" -> {
                if (in == SqlType.JSON) {
                    throw SqlErrors.unknownFunction(name + "(jsonb)");
                }
                yield in == SqlType.UNKNOWN ? SqlType.TEXT : in;
            }
            case "string_agg" -> {
                arg = coerce(arg, SqlType.TEXT, "string_agg");
                separator = coerce(bind(c.args().get(1), scope, null), SqlType.TEXT, "string_agg");
                yield SqlType.TEXT;
            }
            case "bool_and", "bool_or" -> {
                arg = booleanOf(arg, "argument of " + name);
                yield SqlType.BOOLEAN;
            }
            default -> throw new IllegalStateException(name);
        };
        if ((name.equals("sum") || name.equals("avg")) && in == SqlType.UNKNOWN) {
            arg = coerce(arg, SqlType.NUMERIC, name);
        }
        if ((name.equals("min") || name.equals("max")) && in == SqlType.UNKNOWN) {
            arg = coerce(arg, SqlType.TEXT, name);
        }
        return aggregates.add(new AggregateCall(name, arg, c.distinct(), type, separator));
    }

    static String normalizeOp(String op) {
        return op.equals("!=") ? "<>" : op;
    }
}
