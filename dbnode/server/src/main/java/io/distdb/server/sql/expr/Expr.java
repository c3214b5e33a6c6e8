package io.distdb.server.sql.expr;

/** A compiled expression over one row (the concatenated columns of every table in scope). {@code null} is SQL NULL. */
@FunctionalInterface
public interface Expr {

    Object eval(Object[] row);
}
