package io.distdb.sql.copy;

import io.distdb.sql.ast.CopyOptions;
import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.exec.RowCursor;
import io.distdb.sql.runtime.QueryContext;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * One running {@code COPY ... TO STDOUT}, from {@code Session.copyOut}: the encoded lines of its rows, each
 * one CopyData message's payload (the header line first when the options ask for one), produced as they
 * are pulled, so an export of any size streams without being held in memory. The statement runs until the
 * last line has been pulled or the caller {@link #close()}s it, and reads one snapshot throughout.
 *
 * <p>Pulling may fail like a query does (57014 when cancelled or past its timeout, 22012 ...): the copy is
 * then over. Always close it (closing after the last line, or twice, does nothing). Not thread-safe.
 */
public final class CopyOut implements Iterator<byte[]>, AutoCloseable {

    private final List<SqlResult.Column> columns;
    private final CopyOptions options;
    private final RowCursor rows;
    private final QueryContext ctx;
    private final Consumer<RuntimeException> ended;
    private final CopyEncoder encoder;
    private boolean headerPending;
    private byte[] next;
    private boolean done;
    private long count;

    /**
     * For the engine's {@code Session}: {@code rows} are the statement's; {@code ended} is called once when the
     * copy is over, with the failure or {@code null}, after {@code rows} is closed.
     */
    public CopyOut(List<SqlResult.Column> columns, CopyOptions options, RowCursor rows, QueryContext ctx,
                   Consumer<RuntimeException> ended) {
        this.columns = List.copyOf(columns);
        this.options = options;
        this.rows = rows;
        this.ctx = ctx;
        this.ended = ended;
        this.encoder = new CopyEncoder(options);
        this.headerPending = options.header();
    }

    public int columnCount() {
        return columns.size();
    }

    public List<SqlResult.Column> columns() {
        return columns;
    }

    public CopyOptions options() {
        return options;
    }

    /** The lines, one per CopyData message: this copy itself. */
    public Iterator<byte[]> lines() {
        return this;
    }

    /** Rows written so far; once every line has been pulled, the count of the {@code COPY n} command tag. */
    public long rowCount() {
        return count;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public byte[] next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        byte[] line = next;
        next = null;
        return line;
    }

    private byte[] advance() {
        try {
            if (headerPending) {
                headerPending = false;
                List<String> names = new ArrayList<>(columns.size());
                for (SqlResult.Column c : columns) {
                    names.add(c.name());
                }
                return encoder.header(names);
            }
            ctx.tick();
            Object[] row = rows.next();
            if (row == null) {
                end(null);
                return null;
            }
            count++;
            return encoder.row(row.length == columns.size() ? row : java.util.Arrays.copyOf(row, columns.size()));
        } catch (RuntimeException e) {
            end(e);
            throw e;
        }
    }

    /** Ends the statement: what it reads is released; lines not yet pulled are dropped. */
    @Override
    public void close() {
        end(null);
    }

    private void end(RuntimeException failure) {
        if (done) {
            return;
        }
        done = true;
        next = null;
        try {
            rows.close();
        } catch (RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        } finally {
            ended.accept(failure);
        }
    }
}
