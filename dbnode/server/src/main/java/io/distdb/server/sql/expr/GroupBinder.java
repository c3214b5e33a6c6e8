package io.distdb.server.sql.expr;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;

/**
 * Compiles expressions that run after grouping (select list, HAVING, ORDER BY of an aggregate query):
 * a GROUP BY expression reads its key slot of the group row, an aggregate call reads its result slot.
 */
public interface GroupBinder {

    /** The reader of a GROUP BY key equal to {@code e}, or {@code null}. */
    Expr groupKey(Expression e);

    /** Registers an aggregate call and returns the reader of its result. */
    Expr aggregate(Function call);
}
