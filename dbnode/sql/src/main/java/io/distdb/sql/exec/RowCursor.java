package io.distdb.sql.exec;

/**
 * A running operator: rows are pulled one at a time ({@code null} at the end), and {@link #close()} releases
 * store iterators and the memory the operator claimed, also when a statement stops early or fails.
 */
public interface RowCursor extends AutoCloseable {

    Object[] next();

    @Override
    default void close() {
    }
}
