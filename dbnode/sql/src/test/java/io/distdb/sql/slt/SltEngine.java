package io.distdb.sql.slt;

import io.distdb.sql.errors.SqlException;
import io.distdb.sql.runtime.SqlResult;

import java.nio.file.Path;

/**
 * The database a sqllogictest script runs against: one session over one database, fresh for each script.
 *
 * <p>{@link #execute} runs one statement. A SQL error (syntax, unknown table, division by zero, a feature
 * not supported, ...) is reported by throwing {@link SqlException}; any other exception is counted as the
 * engine crashing.
 */
public interface SltEngine extends AutoCloseable {

    /** Runs one statement and returns its result: rows for a query, a count for anything else. */
    SqlResult execute(String sql) throws SqlException;

    /** Releases the engine; the runner calls it once the script is done. */
    @Override
    default void close() throws Exception {
    }

    /** Opens a fresh engine over an empty database whose files, if any, go in {@code dir}. */
    @FunctionalInterface
    interface Factory {
        SltEngine open(Path dir) throws Exception;
    }
}
