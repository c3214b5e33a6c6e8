package io.distdb.server.sql.expr;

import io.distdb.server.sql.SqlErrors;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * COUNT, SUM, AVG, MIN, MAX. All but COUNT(*) skip NULL inputs; over no rows COUNT is 0 and the others NULL.
 * Every accumulator can hand over its state and take in another's, so replicas can each fold part of a
 * table and the coordinator combine their partial results.
 */
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
                case "COUNT" -> new Count(argument);
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

        /** The partial state: plain values (numbers, text, booleans, timestamps, JSON, NULL). */
        Object[] state();

        /** Takes in the {@link #state} of an accumulator of the same aggregate over other rows. */
        void merge(Object[] state);
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

    /** COUNT(x) counts the values that are not NULL; COUNT(*), whose {@code argument} is null, counts rows. */
    private static final class Count extends OverValues {
        private final boolean everyRow;
        private long count;

        Count(Expr argument) {
            super(argument);
            this.everyRow = argument == null;
        }

        @Override
        public void add(Object[] row) {
            if (everyRow) {
                count++;
            } else {
                super.add(row);
            }
        }

        @Override
        public void addValue(Object value) {
            count++;
        }

        @Override
        public Object result() {
            return count;
        }

        @Override
        public Object[] state() {
            return new Object[] {count};
        }

        @Override
        public void merge(Object[] state) {
            count += (Long) state[0];
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

        @Override
        public Object[] state() {
            return new Object[] {sum};
        }

        @Override
        public void merge(Object[] state) {
            if (state[0] != null) {
                addValue(state[0]);
            }
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

        @Override
        public Object[] state() {
            return new Object[] {sum, count};
        }

        @Override
        public void merge(Object[] state) {
            sum += (Double) state[0];
            count += (Long) state[1];
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

        @Override
        public Object[] state() {
            return new Object[] {best};
        }

        @Override
        public void merge(Object[] state) {
            if (state[0] != null) {
                addValue(state[0]);
            }
        }
    }

    private static final class Distinct implements Accumulator {
        private final Expr argument;
        private final Accumulator inner;
        private final Set<Object> seen = new HashSet<>();
        private final List<Object> values = new ArrayList<>();

        Distinct(Expr argument, Accumulator inner) {
            this.argument = argument;
            this.inner = inner;
        }

        @Override
        public void add(Object[] row) {
            addValue(Values.unwrapJson(argument.eval(row)));
        }

        @Override
        public void addValue(Object v) {
            if (v != null && seen.add(Values.keyOf(v))) {
                values.add(v);
                inner.addValue(v);
            }
        }

        @Override
        public Object result() {
            return inner.result();
        }

        /** The distinct values themselves: partial counts or sums of distinct values do not add up. */
        @Override
        public Object[] state() {
            return values.toArray();
        }

        @Override
        public void merge(Object[] state) {
            for (Object v : state) {
                addValue(v);
            }
        }
    }
}
