package io.distdb.sql.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.runtime.QueryContext;
import io.distdb.sql.types.Functions;
import io.distdb.sql.types.Like;
import io.distdb.sql.types.SqlType;
import io.distdb.sql.types.Values;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * An expression after binding: every name resolved to a slot of the input row (or of an enclosing query's
 * row), every operator's operand and result types known. Records, so two bindings of the same expression
 * are {@code equals} (GROUP BY matching relies on it). Evaluation is a tree walk; its depth is bounded by
 * the parser's nesting limit, and chains of one operator ({@code a + b + c ...}, {@code AND}, {@code OR})
 * are single nodes evaluated by a loop.
 */
public sealed interface BoundExpr {

    SqlType type();

    Object eval(QueryContext ctx, Object[] row);

    /** A column of the input row. */
    record Column(int slot, SqlType type, String name) implements BoundExpr {
        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            return row[slot];
        }
    }

    /** A column of an enclosing query's current row (a correlated subquery's outer reference). */
    record OuterColumn(int levelsUp, int slot, SqlType type, String name) implements BoundExpr {
        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            return ctx.outer(levelsUp)[slot];
        }
    }

    record Constant(Object value, SqlType type) implements BoundExpr {
        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            return value;
        }
    }

    /** A placeholder; its type is what its context expects, and the value is coerced to it. */
    record Param(int index, SqlType type) implements BoundExpr {
        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            Object v = ctx.param(index);
            return type == SqlType.UNKNOWN || v == null ? v : Values.coerce(v, type);
        }
    }

    /** A value converted to {@code type}: implicit coercions the binder adds, and CAST. */
    record Cast(BoundExpr operand, SqlType type, int maxLength, boolean explicit) implements BoundExpr {
        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            Object v = operand.eval(ctx, row);
            if (v == null) {
                return null;
            }
            return explicit ? Values.cast(v, type, maxLength) : Values.coerce(v, type);
        }
    }

    /**
     * A left-to-right chain of arithmetic or {@code ||}: {@code operands[0] ops[0] operands[1] ops[1] ...},
     * each step with its own result type.
     */
    record Arithmetic(List<BoundExpr> operands, List<String> ops, List<SqlType> stepTypes) implements BoundExpr {
        @Override
        public SqlType type() {
            return stepTypes.get(stepTypes.size() - 1);
        }

        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            Object acc = operands.get(0).eval(ctx, row);
            for (int i = 0; i < ops.size(); i++) {
                Object next = operands.get(i + 1).eval(ctx, row);
                acc = apply(ops.get(i), acc, next, stepTypes.get(i));
            }
            return acc;
        }

        static Object apply(String op, Object a, Object b, SqlType type) {
            if (op.equals("||")) {
                if (a == null || b == null) {
                    return null;
                }
                return Values.toText(a) + Values.toText(b);
            }
            if (a == null || b == null) {
                return null;
            }
            return switch (op) {
                case "+" -> Values.add(a, b, type);
                case "-" -> Values.subtract(a, b, type);
                case "*" -> Values.multiply(a, b, type);
                case "/" -> Values.divide(a, b, type);
                case "%" -> Values.modulo(a, b, type);
                case "^" -> Values.power(a, b, type);
                default -> throw new IllegalStateException("operator " + op);
            };
        }
    }

    record Negate(BoundExpr operand, SqlType type) implements BoundExpr {
        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            Object v = operand.eval(ctx, row);
            return v == null ? null : Values.negate(v, type);
        }
    }

    /** {@code = <> < <= > >=} with both operands already of one comparable type. */
    record Compare(String op, BoundExpr left, BoundExpr right) implements BoundExpr {
        @Override
        public SqlType type() {
            return SqlType.BOOLEAN;
        }

        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            Object a = left.eval(ctx, row);
            if (a == null) {
                return null;
            }
            Object b = right.eval(ctx, row);
            if (b == null) {
                return null;
            }
            return test(op, Values.compare(a, b));
        }

        static boolean test(String op, int c) {
            return switch (op) {
                case "=" -> c == 0;
                case "<>" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                default -> throw new IllegalStateException("comparison " + op);
            };
        }
    }

    /** {@code a IS [NOT] DISTINCT FROM b}: equality where NULL equals NULL. */
    record IsDistinct(BoundExpr left, BoundExpr right, boolean not) implements BoundExpr {
        @Override
        public SqlType type() {
            return SqlType.BOOLEAN;
        }

        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            Object a = left.eval(ctx, row);
            Object b = right.eval(ctx, row);
            boolean distinct = a == null || b == null ? a != b : Values.compare(a, b) != 0;
            return distinct != not;
        }
    }

    /** AND ({@code and}) or OR of two or more operands, with SQL's three-valued logic. */
    record Logic(boolean and, List<BoundExpr> operands) implements BoundExpr {
        @Override
        public SqlType type() {
            return SqlType.BOOLEAN;
        }

        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            boolean unknown = false;
            for (BoundExpr operand : operands) {
                Boolean v = Values.truth(operand.eval(ctx, row));
                if (v == null) {
                    unknown = true;
                } else if (v != and) {
                    return v;
                }
            }
            return unknown ? null : and;
        }
    }

    record Not(BoundExpr operand) implements BoundExpr {
        @Override
        public SqlType type() {
            return SqlType.BOOLEAN;
        }

        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            Boolean v = Values.truth(operand.eval(ctx, row));
            return v == null ? null : !v;
        }
    }

    record IsNull(BoundExpr operand, boolean not) implements BoundExpr {
        @Override
        public SqlType type() {
            return SqlType.BOOLEAN;
        }

        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            return (operand.eval(ctx, row) == null) != not;
        }
    }

    /** {@code x IS [NOT] TRUE|FALSE|UNKNOWN} ({@code value} null for UNKNOWN). */
    record IsBoolean(BoundExpr operand, Boolean value, boolean not) implements BoundExpr {
        @Override
        public SqlType type() {
            return SqlType.BOOLEAN;
        }

        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            Boolean v = Values.truth(operand.eval(ctx, row));
            boolean is = value == null ? v == null : value.equals(v);
            return is != not;
        }
    }

    /** {@code x [NOT] IN (v, ...)} over values of one type; NULL in the list makes a miss unknown. */
    record InList(BoundExpr operand, List<BoundExpr> values, boolean not) implements BoundExpr {
        @Override
        public SqlType type() {
            return SqlType.BOOLEAN;
        }

        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            Object x = operand.eval(ctx, row);
            if (x == null) {
                return null;
            }
            boolean sawNull = false;
            for (BoundExpr e : values) {
                Object v = e.eval(ctx, row);
                if (v == null) {
                    sawNull = true;
                } else if (Values.compare(x, v) == 0) {
                    return !not;
                }
            }
            return sawNull ? null : not;
        }
    }

    /** {@code x [NOT] LIKE|ILIKE pattern [ESCAPE e]}; a constant pattern is compiled once. */
    record LikeMatch(BoundExpr operand, BoundExpr pattern, BoundExpr escape, boolean not, boolean caseInsensitive,
                     Like compiled) implements BoundExpr {
        @Override
        public SqlType type() {
            return SqlType.BOOLEAN;
        }

        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            Object s = operand.eval(ctx, row);
            if (s == null) {
                return null;
            }
            Like like = compiled;
            if (like == null) {
                Object p = pattern.eval(ctx, row);
                if (p == null) {
                    return null;
                }
                Character esc = '\\';
                if (escape != null) {
                    Object e = escape.eval(ctx, row);
                    if (e == null) {
                        return null;
                    }
                    esc = escapeChar(Values.toText(e));
                }
                like = Like.compile(Values.toText(p), esc, caseInsensitive);
            }
            return like.matches(Values.toText(s)) != not;
        }

        public static Character escapeChar(String e) {
            if (e.isEmpty()) {
                return null;
            }
            if (e.length() != 1) {
                throw SqlErrors.invalidText("invalid escape string: must be empty or one character");
            }
            return e.charAt(0);
        }
    }

    /** Searched CASE; a simple CASE is bound into this form with equality tests. */
    record Case(List<BoundExpr> conditions, List<BoundExpr> results, BoundExpr otherwise, SqlType type) implements BoundExpr {
        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            for (int i = 0; i < conditions.size(); i++) {
                if (Boolean.TRUE.equals(Values.truth(conditions.get(i).eval(ctx, row)))) {
                    return results.get(i).eval(ctx, row);
                }
            }
            return otherwise == null ? null : otherwise.eval(ctx, row);
        }
    }

    /**
     * {@code CASE x WHEN a THEN ...}: x is evaluated once (it may be a subquery or volatile), then compared
     * with each WHEN value in turn.
     */
    record SimpleCase(BoundExpr operand, List<BoundExpr> whens, List<BoundExpr> results, BoundExpr otherwise, SqlType type)
            implements BoundExpr {
        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            Object x = operand.eval(ctx, row);
            if (x != null) {
                for (int i = 0; i < whens.size(); i++) {
                    Object w = whens.get(i).eval(ctx, row);
                    if (w != null && Values.compare(x, w) == 0) {
                        return results.get(i).eval(ctx, row);
                    }
                }
            }
            return otherwise == null ? null : otherwise.eval(ctx, row);
        }
    }

    /** COALESCE: the first non-NULL argument, evaluating no further. */
    record Coalesce(List<BoundExpr> args, SqlType type) implements BoundExpr {
        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            for (BoundExpr a : args) {
                Object v = a.eval(ctx, row);
                if (v != null) {
                    return v;
                }
            }
            return null;
        }
    }

    /** A scalar function of {@link Functions}. */
    record Call(String name, Functions.Bound function, List<BoundExpr> args, SqlType type) implements BoundExpr {
        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            Object[] values = new Object[args.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = args.get(i).eval(ctx, row);
            }
            return function.apply(ctx.functions(), values);
        }
    }

    /** {@code ->} and {@code ->>} on JSON. */
    record JsonGet(BoundExpr object, BoundExpr key, boolean asText) implements BoundExpr {
        @Override
        public SqlType type() {
            return asText ? SqlType.TEXT : SqlType.JSON;
        }

        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            Object o = object.eval(ctx, row);
            Object k = key.eval(ctx, row);
            if (!(o instanceof JsonNode json) || k == null) {
                return null;
            }
            return asText ? Functions.jsonGetText(json, k) : Functions.jsonGet(json, k);
        }
    }

    /**
     * An aggregate's result while a grouped query's expressions are being bound; the binder replaces it by
     * a {@link Column} of the aggregation's output before anything runs.
     */
    record AggregateRef(int index, SqlType type) implements BoundExpr {
        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            throw new IllegalStateException("an aggregate outside of its aggregation");
        }
    }

    // ---- subqueries -------------------------------------------------------------------------------------

    /**
     * A subquery's plan. {@code correlated} subqueries read the current row of the query around them (their
     * {@link OuterColumn}s) and run again for every row; the others run once per execution.
     */
    record Subquery(Object plan, boolean correlated, java.util.BitSet outerSlots, String describe) {
        @SuppressWarnings("unchecked")
        <T> T once(QueryContext ctx, Object[] row, java.util.function.Function<Iterator<Object[]>, T> compute) {
            if (correlated) {
                return run(ctx, row, compute);
            }
            Object cached = ctx.subqueryCache().get(this);
            if (cached == null) {
                cached = run(ctx, row, compute);
                ctx.subqueryCache().put(this, cached == null ? NULL : cached);
            }
            return cached == NULL ? null : (T) cached;
        }

        /** Runs the plan with {@code row} as the enclosing row, consuming what {@code compute} needs of it. */
        private <T> T run(QueryContext ctx, Object[] row, java.util.function.Function<Iterator<Object[]>, T> compute) {
            ctx.pushOuter(row);
            Iterator<Object[]> rows = null;
            try {
                rows = ctx.subqueries().rows(plan, ctx);
                return compute.apply(rows);
            } finally {
                ctx.popOuter();
                if (rows instanceof AutoCloseable c) {
                    try {
                        c.close(); // gives back the memory its operators hold, however far it was read
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }

        private static final Object NULL = new Object();
    }

    /** {@code (SELECT x ...)} as a value: NULL for no row, an error (21000) for more than one. */
    record ScalarSubquery(Subquery query, SqlType type) implements BoundExpr {
        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            return query.once(ctx, row, rows -> {
                if (!rows.hasNext()) {
                    return null;
                }
                Object value = rows.next()[0];
                if (rows.hasNext()) {
                    throw SqlErrors.cardinality("more than one row returned by a subquery used as an expression");
                }
                return value;
            });
        }
    }

    /** {@code EXISTS (SELECT ...)}. */
    record Exists(Subquery query) implements BoundExpr {
        @Override
        public SqlType type() {
            return SqlType.BOOLEAN;
        }

        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            return query.once(ctx, row, Iterator::hasNext);
        }
    }

    /**
     * {@code x [NOT] IN (SELECT ...)} and {@code x op ANY|ALL (SELECT ...)} ({@code op} "=" with ANY for IN).
     * The subquery's single column is already of the comparison type.
     */
    record QuantifiedSubquery(BoundExpr operand, String op, boolean all, boolean not, Subquery query) implements BoundExpr {
        @Override
        public SqlType type() {
            return SqlType.BOOLEAN;
        }

        @Override
        public Object eval(QueryContext ctx, Object[] row) {
            Object x = operand.eval(ctx, row);
            Boolean result;
            // The values are held in memory: claimed from the budget, for the whole statement when the result
            // is kept (uncorrelated), else only while this row is being evaluated.
            if (op.equals("=") && !all) {
                ValueSet set = query.once(ctx, row, rows -> ValueSet.of(rows, ctx));
                result = x == null ? (set.isEmpty() ? Boolean.FALSE : null) : set.contains(x);
                if (query.correlated()) {
                    ctx.release(set.bytes());
                }
            } else {
                long[] held = new long[1];
                List<Object> values = query.once(ctx, row, rows -> column(rows, ctx, held));
                result = quantify(x, values);
                if (query.correlated()) {
                    ctx.release(held[0]);
                }
            }
            return result == null ? null : result != not;
        }

        private Boolean quantify(Object x, List<Object> values) {
            if (values.isEmpty()) {
                return all;
            }
            if (x == null) {
                return null;
            }
            boolean unknown = false;
            for (Object v : values) {
                if (v == null) {
                    unknown = true;
                    continue;
                }
                boolean t = Compare.test(op, Values.compare(x, v));
                if (all && !t) {
                    return false;
                }
                if (!all && t) {
                    return true;
                }
            }
            return unknown ? null : all;
        }

        private static List<Object> column(Iterator<Object[]> rows, QueryContext ctx, long[] held) {
            List<Object> out = new ArrayList<>();
            while (rows.hasNext()) {
                Object v = rows.next()[0];
                long b = 16 + (v == null ? 0 : Values.estimateBytes(v));
                held[0] += b;
                ctx.reserve(b);
                out.add(v);
            }
            return out;
        }
    }

    /** The values of a subquery's column, for IN: a hash set of normalised keys and whether NULL was among them. */
    record ValueSet(Set<Object> keys, boolean hasNull, long bytes) {
        static ValueSet of(Iterator<Object[]> rows, QueryContext ctx) {
            Set<Object> keys = new HashSet<>();
            boolean hasNull = false;
            long bytes = 0;
            while (rows.hasNext()) {
                Object v = rows.next()[0];
                if (v == null) {
                    hasNull = true;
                } else if (keys.add(Values.hashKey(v))) {
                    long b = 48 + Values.estimateBytes(v);
                    bytes += b;
                    ctx.reserve(b);
                }
            }
            return new ValueSet(keys, hasNull, bytes);
        }

        boolean isEmpty() {
            return keys.isEmpty() && !hasNull;
        }

        Boolean contains(Object x) {
            if (keys.contains(Values.hashKey(x))) {
                return true;
            }
            return hasNull ? null : Boolean.FALSE;
        }
    }
}
