package io.distdb.sql.exec;

import io.distdb.sql.plan.LogicalPlan.AggregateCall;
import io.distdb.sql.types.SqlType;
import io.distdb.sql.types.Values;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashSet;
import java.util.Set;

/**
 * The running state of one aggregate in one group. NULL inputs are skipped; over no rows COUNT is 0 and
 * the others NULL. SUM of integers is exact (BIGINT, NUMERIC past 64 bits for BIGINT input), AVG of
 * integers and NUMERIC is NUMERIC, as in PostgreSQL.
 */
abstract class Accumulator {

    /** Adds one input value (never called with NULL except by {@code count(*)}). */
    abstract void add(Object value);

    abstract Object result();

    /** Approximate bytes held, for the memory budget. */
    long bytes() {
        return 48;
    }

    static Accumulator of(AggregateCall call) {
        Accumulator a = switch (call.function()) {
            case "count" -> new Count();
            case "sum" -> new Sum(call.type());
            case "avg" -> new Avg(call.type());
            case "min" -> new MinMax(true);
            case "max" -> new MinMax(false);
            case "bool_and" -> new BoolAgg(true);
            case "bool_or" -> new BoolAgg(false);
            case "string_agg" -> new StringAgg();
            default -> throw new IllegalStateException(call.function());
        };
        return call.distinct() ? new Distinct(a) : a;
    }

    static final class Count extends Accumulator {
        long n;

        @Override
        void add(Object value) {
            n++;
        }

        @Override
        Object result() {
            return n;
        }
    }

    static final class Sum extends Accumulator {
        private final SqlType type;
        private Object sum;

        Sum(SqlType type) {
            this.type = type;
        }

        @Override
        void add(Object value) {
            if (sum == null) {
                sum = type == SqlType.NUMERIC ? Values.cast(value, SqlType.NUMERIC, 0) : type == SqlType.DOUBLE
                        ? Values.cast(value, SqlType.DOUBLE, 0) : value;
            } else {
                sum = Values.add(sum, value, type);
            }
        }

        @Override
        Object result() {
            return sum;
        }
    }

    static final class Avg extends Accumulator {
        private final SqlType type;
        private BigDecimal exact = BigDecimal.ZERO;
        private double approximate;
        private long n;

        Avg(SqlType type) {
            this.type = type;
        }

        @Override
        void add(Object value) {
            n++;
            if (type == SqlType.DOUBLE) {
                approximate += ((Number) value).doubleValue();
            } else {
                exact = exact.add((BigDecimal) Values.cast(value, SqlType.NUMERIC, 0));
            }
        }

        @Override
        Object result() {
            if (n == 0) {
                return null;
            }
            if (type == SqlType.DOUBLE) {
                return approximate / n;
            }
            return Values.divide(exact, BigDecimal.valueOf(n), SqlType.NUMERIC);
        }

        static final MathContext CONTEXT = MathContext.DECIMAL128;
    }

    static final class MinMax extends Accumulator {
        private final boolean min;
        private Object best;

        MinMax(boolean min) {
            this.min = min;
        }

        @Override
        void add(Object value) {
            if (best == null) {
                best = value;
            } else {
                int c = Values.compare(value, best);
                if (min ? c < 0 : c > 0) {
                    best = value;
                }
            }
        }

        @Override
        Object result() {
            return best;
        }

        @Override
        long bytes() {
            return 48 + (best == null ? 0 : Values.estimateBytes(best));
        }
    }

    static final class BoolAgg extends Accumulator {
        private final boolean and;
        private Boolean value;

        BoolAgg(boolean and) {
            this.and = and;
        }

        @Override
        void add(Object v) {
            boolean b = (Boolean) v;
            value = value == null ? b : and ? value && b : value || b;
        }

        @Override
        Object result() {
            return value;
        }
    }

    /** string_agg(value, separator): the separator arrives with each value (see {@link #addWithSeparator}). */
    static final class StringAgg extends Accumulator {
        private StringBuilder text;

        void addWithSeparator(Object value, Object separator) {
            if (text == null) {
                text = new StringBuilder();
            } else if (separator != null) {
                text.append(Values.toText(separator));
            }
            text.append(Values.toText(value));
        }

        @Override
        void add(Object value) {
            addWithSeparator(value, null);
        }

        @Override
        Object result() {
            return text == null ? null : text.toString();
        }

        @Override
        long bytes() {
            return 48 + (text == null ? 0 : 2L * text.length());
        }
    }

    /** {@code agg(DISTINCT x)}: passes each distinct value on once. */
    static final class Distinct extends Accumulator {
        private final Accumulator inner;
        private final Set<Object> seen = new HashSet<>();
        private long bytes = 64;

        Distinct(Accumulator inner) {
            this.inner = inner;
        }

        @Override
        void add(Object value) {
            if (seen.add(Values.hashKey(value))) {
                bytes += 48 + Values.estimateBytes(value);
                inner.add(value);
            }
        }

        @Override
        Object result() {
            return inner.result();
        }

        @Override
        long bytes() {
            return bytes + inner.bytes();
        }
    }
}
