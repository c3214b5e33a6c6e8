package io.distdb.sql;

import io.distdb.sql.exec.RowCursor;
import io.distdb.sql.runtime.QueryContext;
import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.runtime.StatementControl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A query whose rows are read as the client asks for them, from {@link Session#openQuery}: a portal of the
 * PostgreSQL wire protocol, read in batches (a JDBC fetch size) or streamed whole, without the result being
 * held in memory. It reads one snapshot from its opening to its end (with, inside a transaction, what the
 * transaction had written when it opened). Only the operators that must hold rows (a sort, a hash join,
 * an aggregate) count against the statement's memory budget, never the rows already handed out.
 *
 * <p>Each {@link #fetch} is one request: the statement timeout counts from its start, and the cursor's
 * {@link #control()} cancels it. A failed fetch ends the cursor. Always close it (closing twice does
 * nothing). Not thread-safe.
 */
public final class QueryCursor implements AutoCloseable {

    private final List<SqlResult.Column> columns;
    private final RowCursor rows;
    private final QueryContext ctx;
    private final StatementControl control;
    private final Consumer<RuntimeException> ended;
    /** The row after the last one handed out, read ahead to know whether the query is exhausted. */
    private Object[] lookahead;
    private boolean exhausted;
    private boolean closed;
    private long fetched;

    QueryCursor(List<SqlResult.Column> columns, RowCursor rows, QueryContext ctx, StatementControl control,
                Consumer<RuntimeException> ended) {
        this.columns = List.copyOf(columns);
        this.rows = rows;
        this.ctx = ctx;
        this.control = control;
        this.ended = ended;
    }

    public List<SqlResult.Column> columns() {
        return columns;
    }

    /** Cancels the fetch under way (a client's cancel request); the cursor then fails. */
    public StatementControl control() {
        return control;
    }

    /**
     * Up to {@code max} more rows ({@code max <= 0}: all that are left), in order. Fewer than asked, or none,
     * only at the end ({@link #exhausted()} then holds). Fails like a query does (57014, 22012, 53200 ...),
     * which ends the cursor.
     */
    public List<Object[]> fetch(int max) {
        List<Object[]> out = new ArrayList<>(max > 0 ? Math.min(max, 1024) : 64);
        forEach(max, out::add);
        return out;
    }

    /**
     * {@link #fetch}, handing each row to {@code sink} as it is read rather than collecting them: a front end
     * streams a result of any size this way. Returns how many rows it handed over.
     */
    public long forEach(int max, Consumer<Object[]> sink) {
        if (closed) {
            throw new IllegalStateException("the cursor is closed");
        }
        long n = 0;
        ctx.restartTimeout();
        try {
            if (lookahead == null && !exhausted) {
                lookahead = pull();
            }
            while (lookahead != null && (max <= 0 || n < max)) {
                Object[] row = lookahead;
                lookahead = null;
                sink.accept(row);
                n++;
                lookahead = pull();
            }
        } catch (RuntimeException e) {
            end(e);
            throw e;
        }
        fetched += n;
        return n;
    }

    private Object[] pull() {
        ctx.tick();
        Object[] row = rows.next();
        if (row == null) {
            exhausted = true;
            return null;
        }
        // Operators may carry hidden columns after the selected ones (sort keys): the client sees the selected.
        return row.length == columns.size() ? row : Arrays.copyOf(row, columns.size());
    }

    /** Whether every row has been handed out. */
    public boolean exhausted() {
        return exhausted && lookahead == null;
    }

    /** Rows handed out so far. */
    public long fetchedCount() {
        return fetched;
    }

    /** Ends the query: what it reads (its snapshot, its operators' memory) is released. */
    @Override
    public void close() {
        end(null);
    }

    private void end(RuntimeException failure) {
        if (closed) {
            return;
        }
        closed = true;
        lookahead = null;
        try {
            rows.close();
        } finally {
            ended.accept(failure);
        }
    }
}
