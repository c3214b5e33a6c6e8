package io.distdb.sql.errors;


/**
 * The errors of the SQL engine, one factory per kind, with PostgreSQL's SQLSTATE and the HTTP API's error
 * word side by side. The table in {@code docs/sql.md} lists them.
 */
public final class SqlErrors {

    public static final String SYNTAX = "sql_syntax_error";
    public static final String GENERAL = "sql_error";
    public static final String UNKNOWN_TABLE = "unknown_table";
    public static final String UNKNOWN_COLUMN = "unknown_column";
    public static final String TYPE_MISMATCH = "type_mismatch";
    public static final String CONSTRAINT = "constraint_violation";
    public static final String TOO_COMPLEX = "statement_too_complex";
    public static final String OUT_OF_MEMORY = "memory_budget_exceeded";
    public static final String CANCELLED = "statement_cancelled";
    public static final String UNSUPPORTED = "not_supported";
    public static final String TOO_LARGE = "too_large";
    public static final String SERIALIZATION = "serialization_failure";
    public static final String UNAVAILABLE = "unavailable";

    private SqlErrors() {
    }

    public static SqlException syntax(String message, SqlException.Position position) {
        return new SqlException("42601", SYNTAX, message, position);
    }

    /** A statement nested deeper than the parser's limit (PostgreSQL's "stack depth limit exceeded"). */
    public static SqlException tooComplex(String message, SqlException.Position position) {
        return new SqlException("54001", TOO_COMPLEX, message, position);
    }

    public static SqlException error(String message) {
        return new SqlException("42000", GENERAL, message);
    }

    public static SqlException unsupported(String what) {
        return new SqlException("0A000", UNSUPPORTED, what + " is not supported (see docs/sql.md)");
    }

    public static SqlException unknownTable(String name) {
        return new SqlException("42P01", UNKNOWN_TABLE, "relation \"" + name + "\" does not exist");
    }

    public static SqlException duplicateTable(String name) {
        return new SqlException("42P07", GENERAL, "relation \"" + name + "\" already exists");
    }

    public static SqlException unknownColumn(String name) {
        return new SqlException("42703", UNKNOWN_COLUMN, "column \"" + name + "\" does not exist");
    }

    public static SqlException ambiguousColumn(String name) {
        return new SqlException("42702", GENERAL, "column reference \"" + name + "\" is ambiguous");
    }

    public static SqlException unknownFunction(String name) {
        return new SqlException("42883", GENERAL, "function " + name + " does not exist");
    }

    /** Operands or a value of the wrong type for an operator, function or column (42804 / 42883). */
    public static SqlException typeMismatch(String message) {
        return new SqlException("42804", TYPE_MISMATCH, message);
    }

    /** Text that does not read as the type asked for, such as {@code 'abc'::integer}. */
    public static SqlException invalidText(String message) {
        return new SqlException("22P02", TYPE_MISMATCH, message);
    }

    public static SqlException outOfRange(String message) {
        return new SqlException("22003", GENERAL, message);
    }

    public static SqlException divisionByZero() {
        return new SqlException("22012", GENERAL, "division by zero");
    }

    public static SqlException stringTooLong(String message) {
        return new SqlException("22001", TYPE_MISMATCH, message);
    }

    public static SqlException grouping(String message) {
        return new SqlException("42803", GENERAL, message);
    }

    public static SqlException duplicateKey(String message) {
        return new SqlException("23505", CONSTRAINT, message);
    }

    /** 23505 with PostgreSQL's detail line, {@code Key (id)=(1) already exists.} */
    public static SqlException duplicateKey(String message, String detail) {
        return SqlException.withDetail("23505", CONSTRAINT, message, detail);
    }

    public static SqlException notNull(String message) {
        return new SqlException("23502", CONSTRAINT, message);
    }

    public static SqlException cardinality(String message) {
        return new SqlException("21000", GENERAL, message);
    }

    public static SqlException memoryBudget(String message) {
        return new SqlException("53200", OUT_OF_MEMORY, message);
    }

    public static SqlException cancelled(String message) {
        return new SqlException("57014", CANCELLED, message);
    }

    public static SqlException tooLarge(String message) {
        return new SqlException("54000", TOO_LARGE, message);
    }

    /** Concurrent writers of the same key kept winning; running the statement again may succeed (PostgreSQL's 40001). */
    public static SqlException serializationFailure(String message) {
        return new SqlException("40001", SERIALIZATION, message);
    }

    /**
     * Too few replicas of a key answered, or the metadata group has no leader or no quorum (PostgreSQL's 57P03
     * "cannot connect now"); the message says whether the statement may have changed anything.
     */
    public static SqlException unavailable(String message) {
        return new SqlException("57P03", UNAVAILABLE, message);
    }

    /** A transaction that cannot be made atomic, or a statement not allowed in one. */
    public static SqlException transaction(String sqlState, String message) {
        return new SqlException(sqlState, GENERAL, message);
    }
}
