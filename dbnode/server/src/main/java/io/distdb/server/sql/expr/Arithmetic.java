package io.distdb.server.sql.expr;

import io.distdb.server.sql.SqlErrors;

/** +, -, *, /, % with NULL propagation; integers stay exact (overflow is an error), any DOUBLE makes a DOUBLE. */
final class Arithmetic {

    private Arithmetic() {
    }

    static Object apply(char op, Object a, Object b) {
        a = Values.toNumber(a);
        b = Values.toNumber(b);
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Long x && b instanceof Long y) {
            try {
                return switch (op) {
                    case '+' -> Math.addExact(x, y);
                    case '-' -> Math.subtractExact(x, y);
                    case '*' -> Math.multiplyExact(x, y);
                    case '/' -> {
                        if (y == 0) {
                            throw SqlErrors.error("division by zero");
                        }
                        yield x / y;
                    }
                    case '%' -> {
                        if (y == 0) {
                            throw SqlErrors.error("division by zero");
                        }
                        yield x % y;
                    }
                    default -> throw new IllegalStateException();
                };
            } catch (ArithmeticException e) {
                throw SqlErrors.error("integer overflow in " + x + " " + op + " " + y);
            }
        }
        double x = ((Number) a).doubleValue();
        double y = ((Number) b).doubleValue();
        if ((op == '/' || op == '%') && y == 0) {
            throw SqlErrors.error("division by zero");
        }
        return switch (op) {
            case '+' -> x + y;
            case '-' -> x - y;
            case '*' -> x * y;
            case '/' -> x / y;
            case '%' -> x % y;
            default -> throw new IllegalStateException();
        };
    }

    static Object negate(Object v) {
        v = Values.toNumber(v);
        if (v == null) {
            return null;
        }
        if (v instanceof Long l) {
            if (l == Long.MIN_VALUE) {
                throw SqlErrors.error("integer overflow");
            }
            return -l;
        }
        return -(Double) v;
    }
}
