package io.distdb.sql.bind;

import io.distdb.sql.SqlErrors;
import io.distdb.sql.ast.TypeName;
import io.distdb.sql.types.SqlType;

/** Maps a type as written ({@code varchar(20)}, {@code double precision}, {@code int8}) to a dialect type. */
public final class TypeNames {

    /** A resolved type and its length limit (VARCHAR(n) / CHAR(n); 0 = none). */
    public record Resolved(SqlType type, int maxLength) {
    }

    private TypeNames() {
    }

    public static Resolved resolve(TypeName name) {
        SqlType type = switch (name.name()) {
            case "smallint", "int2", "tinyint" -> SqlType.SMALLINT;
            case "integer", "int", "int4", "mediumint", "serial" -> SqlType.INTEGER;
            case "bigint", "int8", "long", "bigserial" -> SqlType.BIGINT;
            case "double precision", "double", "float", "float4", "float8", "real" -> SqlType.DOUBLE;
            case "numeric", "decimal", "dec" -> SqlType.NUMERIC;
            case "text", "varchar", "character varying", "char", "character", "bpchar", "string", "name", "nvarchar", "clob" ->
                    SqlType.TEXT;
            case "boolean", "bool" -> SqlType.BOOLEAN;
            case "date" -> SqlType.DATE;
            case "timestamp", "timestamptz", "timestamp with time zone", "timestamp without time zone", "datetime" -> SqlType.TIMESTAMP;
            case "bytea", "blob" -> SqlType.BYTEA;
            case "json", "jsonb" -> SqlType.JSON;
            default -> throw new io.distdb.sql.SqlException("42704", SqlErrors.TYPE_MISMATCH, "type \"" + name.name()
                    + "\" does not exist; the types are smallint, integer, bigint, double precision, numeric, text, varchar(n), "
                    + "boolean, date, timestamp, bytea and jsonb");
        };
        int length = 0;
        if (type == SqlType.TEXT && name.name().contains("char") && !name.modifiers().isEmpty()) {
            length = name.modifiers().get(0);
            if (length < 1) {
                throw SqlErrors.error("length for type " + name.name() + " must be at least 1");
            }
        }
        return new Resolved(type, length);
    }
}
