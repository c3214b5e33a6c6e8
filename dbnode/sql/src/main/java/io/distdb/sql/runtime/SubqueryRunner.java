package io.distdb.sql.runtime;

import java.util.Iterator;

/**
 * How an expression runs the plan of a subquery it holds: the executor implements it, so expressions never
 * depend on the executor. {@code plan} is the subquery's plan object; rows come one at a time so that
 * EXISTS stops at the first.
 */
public interface SubqueryRunner {

    Iterator<Object[]> rows(Object plan, QueryContext context);
}
