package io.distdb.sql.types;

/**
 * The value types of the dialect, and the Java class a value of each has at run time (SQL NULL is
 * {@code null} for every type). Integers of every width are {@link Long}; the declared width is checked
 * when a value is stored or an operator's result is computed, as PostgreSQL does.
 */
public enum SqlType {
    BOOLEAN("boolean", 16),
    SMALLINT("smallint", 21),
    INTEGER("integer", 23),
    BIGINT("bigint", 20),
    /** 64-bit floating point; REAL is stored as DOUBLE. */
    DOUBLE("double precision", 701),
    /** Exact decimal, {@link java.math.BigDecimal}. */
    NUMERIC("numeric", 1700),
    TEXT("text", 25),
    /** {@link java.time.LocalDate}. */
    DATE("date", 1082),
    /** {@link java.time.Instant}: a point in time, shown in UTC. */
    TIMESTAMP("timestamp with time zone", 1184),
    /** {@link Bytes}. */
    BYTEA("bytea", 17),
    /** {@link com.fasterxml.jackson.databind.JsonNode}. */
    JSON("jsonb", 3802),
    /** The type of an untyped NULL or of a parameter whose type comes from its value. */
    UNKNOWN("unknown", 705);

    private final String sqlName;
    private final int oid;

    SqlType(String sqlName, int oid) {
        this.sqlName = sqlName;
        this.oid = oid;
    }

    /** The name PostgreSQL prints, for messages and catalogs. */
    public String sqlName() {
        return sqlName;
    }

    /** PostgreSQL's type OID, for the wire protocol's RowDescription. */
    public int oid() {
        return oid;
    }

    public boolean isInteger() {
        return this == SMALLINT || this == INTEGER || this == BIGINT;
    }

    public boolean isNumeric() {
        return isInteger() || this == DOUBLE || this == NUMERIC;
    }
}
