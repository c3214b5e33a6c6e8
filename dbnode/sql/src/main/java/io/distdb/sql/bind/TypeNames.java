package io.distdb.sql.bind;

import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.ast.TypeName;
import io.distdb.sql.types.SqlType;

/** Maps a type as written ({@code varchar(20)}, {@code double precision}, {@code int8}) to a dialect type. */
public final class TypeNames {

    /**
     * A resolved type and its modifier: VARCHAR(n) / CHAR(n)'s length, NUMERIC(p,s) as {@code p << 16 | s}
     * (see {@code Values.numericTypmod}); 0 = none.
     */
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
            default -> throw new io.distdb.sql.errors.SqlException("42704", SqlErrors.TYPE_MISMATCH, "type \"" + name.name()
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
        if (type == SqlType.NUMERIC && !name.modifiers().isEmpty()) {
            int precision = name.modifiers().get(0);
            int scale = name.modifiers().size() > 1 ? name.modifiers().get(1) : 0;
            if (precision < 1 || precision > 1000) {
                throw new io.distdb.sql.errors.SqlException("22023", SqlErrors.GENERAL, "NUMERIC precision " + precision
                        + " must be between 1 and 1000");
            }
            if (scale < 0 || scale > precision) {
                throw new io.distdb.sql.errors.SqlException("22023", SqlErrors.GENERAL, "NUMERIC scale " + scale
                        + " must be between 0 and precision " + precision);
            }
            length = precision << 16 | scale;
        }
        return new Resolved(type, length);
    }
}
