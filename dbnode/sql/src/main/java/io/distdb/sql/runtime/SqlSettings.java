package io.distdb.sql.runtime;

/**
 * The engine's limits, set by the node's configuration.
 *
 * @param memoryBudgetBytes what one statement may hold in memory for joins, sorts, aggregates, DISTINCT, set
 *                          operations, subquery results and its result set; past it the statement fails
 *                          with 53200
 * @param statementTimeoutMillis the default time a statement may run, 0 for none; a request may set its own
 * @param maxNesting        how deeply expressions and queries may nest; deeper statements fail with 54001
 * @param maxKeyBytes       largest primary key tuple or index entry
 * @param maxValueBytes     largest encoded row
 */
public record SqlSettings(long memoryBudgetBytes, long statementTimeoutMillis, int maxNesting, int maxKeyBytes,
                          int maxValueBytes) {

    public static final int DEFAULT_MAX_NESTING = 200;

    public static SqlSettings defaults() {
        return new SqlSettings(256L * 1024 * 1024, 0, DEFAULT_MAX_NESTING, 4096, 4 * 1024 * 1024);
    }

    public SqlSettings withMemoryBudget(long bytes) {
        return new SqlSettings(bytes, statementTimeoutMillis, maxNesting, maxKeyBytes, maxValueBytes);
    }

    public SqlSettings withStatementTimeout(long millis) {
        return new SqlSettings(memoryBudgetBytes, millis, maxNesting, maxKeyBytes, maxValueBytes);
    }
}
