package io.distdb.server.sql.expr;

import io.distdb.server.sql.SqlErrors;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** COUNT, SUM, AVG, MIN, MAX. All but COUNT(*) skip NULL inputs; over no rows COUNT is 0 and the others NULL. */
public final class Aggregates {

    private Aggregates() {
    }

    public static boolean isAggregate(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "COUNT", "SUM", "AVG", "MIN", "MAX" -> true;
            default -> false;
        };
    }

    /** One aggregate call: {@code argument} is {@code null} for COUNT(*). */
    public record Spec(String name, Expr argument, boolean distinct) {

        public Accumulator newAccumulator() {
            Accumulator base = switch (name) {
                case "COUNT" -> argument == null ? new CountRows() : new Count(argument);
                case "SUM" -> new Sum(argument);
                case "AVG" -> new Avg(argument);
                case "MIN" -> new Extreme(argument, -1);
                case "MAX" -> new Extreme(argument, 1);
                default -> throw SqlErrors.unsupported("aggregate " + name);
            };
            return distinct ? new Distinct(argument, base) : base;
        }
    }

    /** Folds the rows of one group. */
    public interface Accumulator {
        void add(Object[] row);

        /** Adds a value already evaluated (used by DISTINCT). */
        default void addValue(Object value) {
            throw new UnsupportedOperationException();
        }

        Object result();
    }

    private static final class CountRows implements Accumulator {
        private long count;

        @Override
        public void add(Object[] row) {
            count++;
        }

        @Override
        public Object result() {
            return count;
        }
    }

    private abstract static class OverValues implements Accumulator {
        private final Expr argument;

        OverValues(Expr argument) {
            this.argument = argument;
        }

        @Override
        public void add(Object[] row) {
            Object v = Values.unwrapJson(argument.eval(row));
            if (v != null) {
                addValue(v);
            }
        }
    }

    private static final class Count extends OverValues {
        private long count;

        Count(Expr argument) {
            super(argument);
        }

        @Override
        public void addValue(Object value) {
            count++;
        }

        @Override
        public Object result() {
            return count;
        }
    }

    private static final class Sum extends OverValues {
        private Object sum;

        Sum(Expr argument) {
            super(argument);
        }

        @Override
        public void addValue(Object value) {
            sum = sum == null ? Values.toNumber(value) : Arithmetic.apply('+', sum, value);
        }

        @Override
        public Object result() {
            return sum;
        }
    }

    private static final class Avg extends OverValues {
        private double sum;
        private long count;

        Avg(Expr argument) {
            super(argument);
        }

        @Override
        public void addValue(Object value) {
            sum += ((Number) Values.toNumber(value)).doubleValue();
            count++;
        }

        @Override
        public Object result() {
            return count == 0 ? null : sum / count;
        }
    }

    private static final class Extreme extends OverValues {
        private final int sign;
        private Object best;

        Extreme(Expr argument, int sign) {
            super(argument);
            this.sign = sign;
        }

        @Override
        public void addValue(Object value) {
            if (best == null || Integer.signum(Values.compare(value, best)) == sign) {
                best = value;
            }
        }

        @Override
        public Object result() {
            return best;
        }
    }

    private static final class Distinct implements Accumulator {
        private final Expr argument;
        private final Accumulator inner;
        private final Set<Object> seen = new HashSet<>();

        Distinct(Expr argument, Accumulator inner) {
            this.argument = argument;
            this.inner = inner;
        }

        @Override
        public void add(Object[] row) {
            Object v = Values.unwrapJson(argument.eval(row));
            if (v != null && seen.add(Values.keyOf(v))) {
                inner.addValue(v);
            }
        }

        @Override
        public Object result() {
            return inner.result();
        }
    }
}
