package io.distdb.pgwire.introspection;

import io.distdb.sql.types.SqlType;

/**
 * A column type as PostgreSQL's catalogs describe it: {@code format_type} ({@code character varying(20)},
 * {@code numeric(10,2)}), the pg_type row's name and OID, {@code atttypmod}, {@code attlen} and
 * {@code attstorage}. The engine keeps VARCHAR(n) as TEXT with a maximum length and NUMERIC(p,s) as
 * {@code p << 16 | s} in the same field; PostgreSQL's typmod of both is that value plus 4.
 */
final class PgTypes {

    static final int VARCHAR_OID = 1043;

    private PgTypes() {
    }

    /** What {@code pg_catalog.format_type(atttypid, atttypmod)} prints. */
    static String formatType(SqlType type, int maxLength) {
        if (type == SqlType.TEXT && maxLength > 0) {
            return "character varying(" + maxLength + ")";
        }
        if (type == SqlType.NUMERIC && maxLength > 0) {
            return "numeric(" + (maxLength >>> 16) + "," + (maxLength & 0xFFFF) + ")";
        }
        return type.sqlName();
    }

    static int typeOid(SqlType type, int maxLength) {
        return type == SqlType.TEXT && maxLength > 0 ? VARCHAR_OID : type.oid();
    }

    /** pg_type.typname: the short name pgjdbc reports as TYPE_NAME. */
    static String typeName(SqlType type, int maxLength) {
        return switch (type) {
            case BOOLEAN -> "bool";
            case SMALLINT -> "int2";
            case INTEGER -> "int4";
            case BIGINT -> "int8";
            case DOUBLE -> "float8";
            case NUMERIC -> "numeric";
            case TEXT -> maxLength > 0 ? "varchar" : "text";
            case DATE -> "date";
            case TIMESTAMP -> "timestamptz";
            case BYTEA -> "bytea";
            case JSON -> "jsonb";
            case UNKNOWN -> "unknown";
        };
    }

    static int typmod(SqlType type, int maxLength) {
        return (type == SqlType.TEXT || type == SqlType.NUMERIC) && maxLength > 0 ? maxLength + 4 : -1;
    }

    /** pg_type.typlen: the width of fixed-size types, -1 for variable-length ones. */
    static int length(SqlType type) {
        return switch (type) {
            case BOOLEAN -> 1;
            case SMALLINT -> 2;
            case INTEGER, DATE -> 4;
            case BIGINT, DOUBLE, TIMESTAMP -> 8;
            default -> -1;
        };
    }

    /** pg_type.typstorage: p(lain) for fixed-size types, m(ain) for numeric, (e)x(tended) for the others. */
    static String storage(SqlType type) {
        if (length(type) > 0) {
            return "p";
        }
        return type == SqlType.NUMERIC ? "m" : "x";
    }

    /**
     * A column default as {@code pg_get_expr(adbin, adrelid)} prints it: PostgreSQL stores the expression
     * and prints it back, so keywords come out lower case and a string literal carries its cast
     * ({@code 'x'::text}). The engine keeps the text as written; this brings the common forms to
     * PostgreSQL's spelling and leaves any other expression as written.
     */
    static String defaultText(String sql, SqlType type, int maxLength) {
        if (sql == null) {
            return null;
        }
        String s = sql.strip();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false") || s.equalsIgnoreCase("null")) {
            return s.toLowerCase(java.util.Locale.ROOT);
        }
        if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")
                && s.substring(1, s.length() - 1).replace("''", "").indexOf('\'') < 0) {
            return s + "::" + (type == SqlType.TEXT && maxLength > 0 ? "character varying" : type.sqlName());
        }
        return s;
    }
}
