package io.distdb.sql.runtime;

import io.distdb.sql.errors.SqlErrors;

import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one execution of a statement carries: its parameter values, its clock, its memory budget,
 * its deadline and cancellation, and the rows of enclosing queries that correlated subqueries read.
 *
 * <p>Cancellation is cooperative: operators call {@link #checkInterrupted()} as rows flow (cheaply, every
 * few hundred rows), so a cancelled or timed-out statement stops within milliseconds wherever it is, and
 * releases what it holds by unwinding.
 */
public final class QueryContext {

    private static final int CHECK_EVERY = 256;

    private final Object[] params;
    private final Instant now;
    private final long budgetBytes;
    private final long timeoutNanos;
    private long deadlineNanos;
    private final StatementControl control;
    private final List<Object[]> outerRows = new ArrayList<>();
    private SubqueryRunner subqueries;
    private io.distdb.sql.types.FunctionContext functions;
    private final Map<Object, Object> subqueryCache = new IdentityHashMap<>();
    private long reservedBytes;
    private int ticks;

    public QueryContext(Object[] params, long budgetBytes, long timeoutMillis, StatementControl control) {
        this.params = params;
        this.now = Instant.now();
        this.budgetBytes = budgetBytes;
        this.timeoutNanos = timeoutMillis > 0 ? timeoutMillis * 1_000_000L : 0;
        this.deadlineNanos = timeoutMillis > 0 ? System.nanoTime() + timeoutNanos : Long.MAX_VALUE;
        this.control = control == null ? StatementControl.none() : control;
    }

    public Object param(int index) {
        return params[index - 1];
    }

    public int paramCount() {
        return params.length;
    }

    /** The statement's start time: {@code now()} and {@code current_timestamp} are the same throughout a statement. */
    public Instant now() {
        return now;
    }

    /** What scalar functions read: the statement's clock and its random generator. */
    public io.distdb.sql.types.FunctionContext functions() {
        if (functions == null) {
            functions = io.distdb.sql.types.FunctionContext.of(now);
        }
        return functions;
    }

    /** Claims memory for rows an operator holds; fails with 53200 past the statement's budget. */
    public void reserve(long bytes) {
        reservedBytes += bytes;
        if (reservedBytes > budgetBytes) {
            throw SqlErrors.memoryBudget("the statement needs more than its memory budget of " + (budgetBytes / (1024 * 1024))
                    + " MiB (distdb.sql.memory-budget); add conditions that narrow the rows, or raise the budget");
        }
    }

    /** Gives back memory an operator no longer holds. */
    public void release(long bytes) {
        reservedBytes = Math.max(0, reservedBytes - bytes);
    }

    /** The statement's memory budget. */
    public long budgetBytes() {
        return budgetBytes;
    }

    public long reservedBytes() {
        return reservedBytes;
    }

    /** Called per row by every operator; checks the deadline and cancellation every few hundred calls. */
    public void tick() {
        if (++ticks >= CHECK_EVERY) {
            ticks = 0;
            checkInterrupted();
        }
    }

    /**
     * Starts the statement timeout again from now: a cursor's rows are read in several requests (a portal's
     * Executes), and the timeout counts per request, as PostgreSQL's statement_timeout counts per Execute,
     * not the time a client spends between them.
     */
    public void restartTimeout() {
        if (timeoutNanos > 0) {
            deadlineNanos = System.nanoTime() + timeoutNanos;
        }
    }

    public void checkInterrupted() {
        if (control.isCancelled()) {
            throw SqlErrors.cancelled("canceling statement due to " + control.reason());
        }
        if (System.nanoTime() > deadlineNanos) {
            throw SqlErrors.cancelled("canceling statement due to statement timeout");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw SqlErrors.cancelled("canceling statement due to a shutdown or interrupt");
        }
    }

    /** Makes {@code row} the innermost enclosing row while a correlated subquery runs. */
    public void pushOuter(Object[] row) {
        outerRows.add(row);
    }

    public void popOuter() {
        outerRows.remove(outerRows.size() - 1);
    }

    /** The enclosing row {@code levelsUp} queries out (1 = the query directly around the subquery). */
    public Object[] outer(int levelsUp) {
        return outerRows.get(outerRows.size() - levelsUp);
    }

    /** Runs the plans of subqueries; set by the executor before evaluation starts. */
    public SubqueryRunner subqueries() {
        return subqueries;
    }

    public void setSubqueries(SubqueryRunner runner) {
        this.subqueries = runner;
    }

    /** Results of uncorrelated subqueries, computed once per execution. */
    public Map<Object, Object> subqueryCache() {
        return subqueryCache;
    }
}
