package io.distdb.sql.copy;

import io.distdb.sql.ast.CopyOptions;
import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.errors.SqlException;
import io.distdb.sql.catalog.ColumnDef;
import io.distdb.sql.catalog.TableDef;
import io.distdb.sql.plan.BoundExpr;
import io.distdb.sql.runtime.QueryContext;
import io.distdb.sql.types.SqlType;
import io.distdb.sql.types.Values;

import java.util.ArrayList;
import java.util.List;

/**
 * One running {@code COPY table [(cols)] FROM STDIN}, from {@code Session.copyIn}: the protocol layer hands
 * it the data as it arrives ({@link #accept}), then ends it with {@link #finish} (the client sent CopyDone)
 * or {@link #abort} (CopyFail, or the client went away).
 *
 * <p>Each line is read into a row as it completes: every field by its column's type (as INSERT reads a
 * text literal), the columns not listed from their DEFAULT, NOT NULL checked; the rows are held (within the
 * statement's memory budget) and written by {@link #finish} as one INSERT of them all would be, with its
 * primary key and unique checks. Nothing is written before {@link #finish} succeeds, and nothing at all if
 * any line fails or the copy is aborted.
 *
 * <p>After {@link #accept} or {@link #finish} throws, the copy is over and nothing was written: later calls
 * to {@link #accept} are ignored (a client keeps sending until it reads the error), {@link #finish} throws
 * the same error again and {@link #abort} does nothing. Not thread-safe: one caller, like its session; to
 * stop a COPY from another thread (the client asked to cancel), cancel its {@code StatementControl}: the
 * next line read, or {@link #finish}, fails with 57014.
 */
public final class CopyIn {

    /** How the session writes the rows and learns that the statement is over. */
    public interface Target {
        /** Writes all the rows (table-width) or none; returns how many were written. */
        long write(List<Object[]> rows);

        /** Called once when the copy is over: {@code failure} is {@code null} when it wrote its rows. */
        void ended(RuntimeException failure);
    }

    private final String tableName;
    private final TableDef table;
    private final int[] targets;
    private final List<BoundExpr> defaults;
    private final CopyOptions options;
    private final QueryContext ctx;
    private final long maxLineBytes;
    private final Target target;
    private final CopyDecoder decoder;
    private final boolean[] listed;
    private final int rowIdSlot;
    private final CopyDecoder.RowSink sink = new CopyDecoder.RowSink() {
        @Override
        public void row(String[] fields, long line) {
            add(fields, line);
        }

        @Override
        public void header(String[] fields, long line) {
            checkHeader(fields, line);
        }
    };

    private List<Object[]> rows = new ArrayList<>();
    private long read;
    private long reserved;
    private RuntimeException failure;
    private boolean over;
    private long written = -1;

    /**
     * For the engine's {@code Session}: {@code targets} are the table slots the fields fill, in order;
     * {@code defaults} every column's DEFAULT; a line longer than {@code maxLineBytes} fails (54000).
     */
    public CopyIn(String tableName, TableDef table, int[] targets, List<BoundExpr> defaults, CopyOptions options,
                  QueryContext ctx, long maxLineBytes, Target target) {
        this.tableName = tableName;
        this.table = table;
        this.targets = targets.clone();
        this.defaults = List.copyOf(defaults);
        this.options = options;
        this.ctx = ctx;
        this.maxLineBytes = maxLineBytes;
        this.target = target;
        this.decoder = new CopyDecoder(options);
        this.listed = new boolean[table.columns().size()];
        for (int t : targets) {
            listed[t] = true;
        }
        this.rowIdSlot = table.hasRowId() ? table.primaryKeySlots()[0] : -1;
    }

    /** How many fields each line holds: the columns listed, or every visible column. */
    public int columnCount() {
        return targets.length;
    }

    /** The names of the columns the fields fill, in order. */
    public List<String> columnNames() {
        List<String> names = new ArrayList<>(targets.length);
        for (int t : targets) {
            names.add(table.columns().get(t).name());
        }
        return names;
    }

    public CopyOptions options() {
        return options;
    }

    /** Rows read so far (written only by {@link #finish}). */
    public long rowsRead() {
        return read;
    }

    /** Whether the copy is over (finished, failed or aborted). */
    public boolean isOver() {
        return over;
    }

    /**
     * The next chunk of data, of any size: lines and UTF-8 characters may span chunks. Reads every line it
     * completes; the first bad one fails the whole copy (22P02, 22P04, 23502, 22021 ...; 57014 when the
     * statement was cancelled; 53200 past the memory budget).
     */
    public void accept(byte[] data, int offset, int length) {
        if (over) {
            return;
        }
        try {
            ctx.checkInterrupted();
            decoder.accept(data, offset, length, sink);
            if (decoder.pendingBytes() > maxLineBytes) {
                throw SqlErrors.tooLarge("a line of COPY data is longer than " + maxLineBytes + " bytes").withContext(where(decoder.lines() + 1));
            }
        } catch (RuntimeException e) {
            throw fail(e);
        }
    }

    /**
     * The end of the data (CopyDone): reads the last line, then writes every row at once, as one INSERT
     * would (23505 for a key already stored or repeated within the data; nothing is written then).
     *
     * @return how many rows were written: the count of the {@code COPY n} command tag
     */
    public long finish() {
        if (failure != null) {
            throw failure;
        }
        if (over) {
            if (written >= 0) {
                return written;
            }
            throw new IllegalStateException("the COPY was aborted");
        }
        try {
            ctx.checkInterrupted();
            decoder.finish(sink);
            List<Object[]> all = rows;
            rows = null;
            written = target.write(all);
        } catch (RuntimeException e) {
            throw fail(e);
        }
        end(null);
        return written;
    }

    /** Ends the copy without writing anything (CopyFail, or the client is gone); nothing to do when it is over. */
    public void abort() {
        abort(null);
    }

    /**
     * {@link #abort()}, giving the client's reason: returns the error to report, PostgreSQL's
     * {@code COPY from stdin failed: reason} (57014).
     */
    public SqlException abort(String reason) {
        SqlException e = SqlErrors.cancelled("COPY from stdin failed: " + (reason == null ? "the client ended it" : reason));
        if (!over) {
            rows = null;
            end(e);
        }
        return e;
    }

    private RuntimeException fail(RuntimeException e) {
        RuntimeException error = e;
        if (e instanceof SqlException s && s.sqlState().equals("53200")) {
            error = SqlErrors.memoryBudget("COPY needs more than the statement's memory budget of " + (budgetMiB()) + " MiB "
                    + "(distdb.sql.memory-budget) to hold the rows it writes at once, after " + rowsRead() + " rows; split the "
                    + "data into several COPY statements, or raise the budget");
        }
        failure = error;
        rows = null;
        end(error);
        return error;
    }

    private long budgetMiB() {
        return ctx.budgetBytes() / (1024 * 1024);
    }

    private void end(RuntimeException e) {
        if (over) {
            return;
        }
        over = true;
        ctx.release(reserved);
        reserved = 0;
        target.ended(e);
    }

    // ---- rows

    private void add(String[] fields, long line) {
        ctx.tick();
        int given = fields.length;
        if (given > targets.length) {
            throw new SqlException("22P04", SqlErrors.GENERAL, "extra data after last expected column").withContext(where(line));
        }
        if (given < targets.length) {
            throw new SqlException("22P04", SqlErrors.GENERAL, "missing data for column \""
                    + table.columns().get(targets[given]).name() + "\"").withContext(where(line));
        }
        List<ColumnDef> columns = table.columns();
        Object[] row = new Object[columns.size()];
        long bytes = 16 + 8L * row.length;
        for (int i = 0; i < given; i++) {
            int slot = targets[i];
            String text = fields[i];
            if (text != null) {
                Object v = read(text, columns.get(slot), line);
                row[slot] = v;
                bytes += Values.estimateBytes(v);
            }
        }
        for (int c = 0; c < row.length; c++) {
            if (listed[c] || c == rowIdSlot) {
                continue;
            }
            BoundExpr d = defaults.get(c);
            Object v = d instanceof BoundExpr.Constant k ? k.value() : d.eval(ctx, null);
            if (v != null) {
                try {
                    v = columns.get(c).assign(v);
                } catch (SqlException e) {
                    throw e.withContext(where(line));
                }
                row[c] = v;
                bytes += Values.estimateBytes(v);
            }
        }
        for (int c = 0; c < row.length; c++) {
            if (row[c] == null && c != rowIdSlot) {
                ColumnDef col = columns.get(c);
                if (col.notNull() || table.primaryKey().contains(col.name())) {
                    throw SqlErrors.notNull("null value in column \"" + col.name() + "\" of relation \"" + table.name()
                            + "\" violates not-null constraint").withContext(where(line));
                }
            }
        }
        ctx.reserve(bytes);
        reserved += bytes;
        rows.add(row);
        read++;
    }

    /** A field as its column's value: the column's type read from text, then its length or precision. */
    private Object read(String text, ColumnDef column, long line) {
        SqlType type = column.type();
        if (type == SqlType.TEXT && column.maxLength() == 0) {
            return text;
        }
        if (type.isInteger()) {
            Long v = plainInteger(text, type);
            if (v != null) {
                return v;
            }
        }
        try {
            return column.assign(text);
        } catch (SqlException e) {
            String message = e.getMessage();
            String suffix = " (column \"" + column.name() + "\")";
            if (message.endsWith(suffix)) {
                message = message.substring(0, message.length() - suffix.length());
            }
            throw new SqlException(e.sqlState(), e.error(), message, e.position())
                    .withContext(where(line) + ", column " + column.name() + ": \"" + text + "\"");
        }
    }

    /**
     * The common case of an integer field, read without the general parser: an optional sign and up to 18
     * digits, within the column's width; anything else ({@code null}) takes the general path, which also
     * words the errors.
     */
    static Long plainInteger(String s, SqlType type) {
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (n == i || n - i > 18) {
            return null;
        }
        long v = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v * 10 + (c - '0');
        }
        if (negative) {
            v = -v;
        }
        if (type == SqlType.SMALLINT ? v < Short.MIN_VALUE || v > Short.MAX_VALUE
                : type == SqlType.INTEGER && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
            return null;
        }
        return v;
    }

    /** {@code HEADER MATCH}: the header line must name the columns, in order (22P04 otherwise). */
    private void checkHeader(String[] fields, long line) {
        if (!options.headerMatch()) {
            return;
        }
        if (fields.length != targets.length) {
            throw new SqlException("22P04", SqlErrors.GENERAL, "wrong number of fields in header line: got " + fields.length
                    + ", expected " + targets.length).withContext(where(line));
        }
        for (int i = 0; i < fields.length; i++) {
            String expected = table.columns().get(targets[i]).name();
            if (!expected.equals(fields[i])) {
                throw new SqlException("22P04", SqlErrors.GENERAL, "column name mismatch in header line field " + (i + 1)
                        + ": got " + (fields[i] == null ? "null value (\"" + options.nullString() + "\")" : "\"" + fields[i] + "\"")
                        + ", expected \"" + expected + "\"").withContext(where(line));
            }
        }
    }

    /** Where in the data an error is, as PostgreSQL's CONTEXT line says it. */
    private String where(long line) {
        return "COPY " + tableName + ", line " + line;
    }
}
