package io.distdb.pgwire.types;

import io.distdb.sql.types.SqlType;

/**
 * The PostgreSQL types a client may name (in Parse) or receive (in RowDescription), by OID, with the engine
 * type each is read as. Types the engine has no own form for (uuid, varchar, char) travel as text.
 */
public enum PgType {
    BOOL(16, 1, SqlType.BOOLEAN),
    BYTEA(17, -1, SqlType.BYTEA),
    CHAR(18, 1, SqlType.TEXT),
    NAME(19, 64, SqlType.TEXT),
    INT8(20, 8, SqlType.BIGINT),
    INT2(21, 2, SqlType.SMALLINT),
    INT4(23, 4, SqlType.INTEGER),
    TEXT(25, -1, SqlType.TEXT),
    OID(26, 4, SqlType.BIGINT),
    JSON(114, -1, SqlType.JSON),
    FLOAT4(700, 4, SqlType.DOUBLE),
    FLOAT8(701, 8, SqlType.DOUBLE),
    UNKNOWN(705, -2, SqlType.UNKNOWN),
    BPCHAR(1042, -1, SqlType.TEXT),
    VARCHAR(1043, -1, SqlType.TEXT),
    DATE(1082, 4, SqlType.DATE),
    TIMESTAMP(1114, 8, SqlType.TIMESTAMP),
    TIMESTAMPTZ(1184, 8, SqlType.TIMESTAMP),
    NUMERIC(1700, -1, SqlType.NUMERIC),
    UUID(2950, 16, SqlType.TEXT),
    JSONB(3802, -1, SqlType.JSON);

    private final int oid;
    private final short size;
    private final SqlType sqlType;

    PgType(int oid, int size, SqlType sqlType) {
        this.oid = oid;
        this.size = (short) size;
        this.sqlType = sqlType;
    }

    public int oid() {
        return oid;
    }

    /** {@code typlen}: the fixed size in bytes, -1 for variable length. */
    public short size() {
        return size;
    }

    public SqlType sqlType() {
        return sqlType;
    }

    /** The type with {@code oid}, or null when this server does not know it. */
    public static PgType of(int oid) {
        for (PgType t : values()) {
            if (t.oid == oid) {
                return t;
            }
        }
        return null;
    }

    /** The type a result column of the engine's type is sent as. An untyped column goes as text, as in PostgreSQL. */
    public static PgType of(SqlType type) {
        return switch (type) {
            case BOOLEAN -> BOOL;
            case SMALLINT -> INT2;
            case INTEGER -> INT4;
            case BIGINT -> INT8;
            case DOUBLE -> FLOAT8;
            case NUMERIC -> NUMERIC;
            case TEXT, UNKNOWN -> TEXT;
            case DATE -> DATE;
            case TIMESTAMP -> TIMESTAMPTZ;
            case BYTEA -> BYTEA;
            case JSON -> JSONB;
        };
    }

    /** Whether a parameter declared with this type is left untyped for the engine, which types it by its use. */
    public boolean isTextual() {
        return this == TEXT || this == VARCHAR || this == BPCHAR || this == NAME || this == UNKNOWN || this == CHAR;
    }
}
