package io.distdb.server.sql.expr;

import io.distdb.server.sql.SqlErrors;

import java.util.List;
import java.util.Locale;

/** Scalar functions; each returns NULL for a NULL argument (except COALESCE). */
final class Functions {

    private Functions() {
    }

    static Expr compile(String name, List<Expr> args) {
        switch (name) {
            case "LOWER", "UPPER", "LENGTH", "CHAR_LENGTH", "ABS" -> arity(name, args, 1);
            case "COALESCE" -> {
                if (args.isEmpty()) {
                    throw SqlErrors.error("COALESCE needs at least one argument");
                }
            }
            default -> throw SqlErrors.unsupported("function " + name);
        }
        Expr a = args.get(0);
        return switch (name) {
            case "LOWER" -> row -> {
                Object v = Values.unwrapJson(a.eval(row));
                return v == null ? null : ExprCompiler.text(v).toLowerCase(Locale.ROOT);
            };
            case "UPPER" -> row -> {
                Object v = Values.unwrapJson(a.eval(row));
                return v == null ? null : ExprCompiler.text(v).toUpperCase(Locale.ROOT);
            };
            case "LENGTH", "CHAR_LENGTH" -> row -> {
                Object v = Values.unwrapJson(a.eval(row));
                if (v == null) {
                    return null;
                }
                String s = ExprCompiler.text(v);
                return (long) s.codePointCount(0, s.length());
            };
            case "ABS" -> row -> {
                Object v = Values.toNumber(a.eval(row));
                if (v instanceof Long l) {
                    if (l == Long.MIN_VALUE) {
                        throw SqlErrors.error("integer overflow");
                    }
                    return Math.abs(l);
                }
                return v == null ? null : Math.abs((Double) v);
            };
            case "COALESCE" -> row -> {
                for (Expr e : args) {
                    Object v = e.eval(row);
                    if (Values.unwrapJson(v) != null) {
                        return v;
                    }
                }
                return null;
            };
            default -> throw new IllegalStateException(name);
        };
    }

    private static void arity(String name, List<Expr> args, int n) {
        if (args.size() != n) {
            throw SqlErrors.error(name + " takes " + n + " argument" + (n == 1 ? "" : "s") + ", not " + args.size());
        }
    }
}
