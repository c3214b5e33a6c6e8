package io.distdb.sql.exec;

import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.bind.WriteBinder;
import io.distdb.sql.bind.WriteBinder.Assignment;
import io.distdb.sql.bind.WriteBinder.BoundChange;
import io.distdb.sql.bind.WriteBinder.BoundInsert;
import io.distdb.sql.catalog.Catalog;
import io.distdb.sql.catalog.ColumnDef;
import io.distdb.sql.catalog.IndexDef;
import io.distdb.sql.catalog.TableDef;
import io.distdb.sql.codec.Keys;
import io.distdb.sql.runtime.QueryContext;
import io.distdb.sql.types.Values;
import io.distdb.storage.KvIterator;
import io.distdb.storage.ReadView;
import io.distdb.storage.ScanRange;
import io.distdb.storage.WriteBatch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs INSERT, UPDATE and DELETE: computes the new rows from the bound statement, checks them all, and
 * stages one write batch. The caller writes the batch (or adds it to its transaction).
 */
public final class WriteExecutor {

    private final Catalog catalog;
    private final RowWriter writer;
    private final TableRows rows;

    public WriteExecutor(Catalog catalog, RowWriter writer, TableRows rows) {
        this.catalog = catalog;
        this.writer = writer;
        this.rows = rows;
    }

    /**
     * What a write statement did: its batch, its count, the RETURNING rows (if it has RETURNING), and the row
     * changes the batch holds (what a cluster's key claims are made for).
     */
    public record Outcome(WriteBatch batch, long count, List<Object[]> returned, List<SqlResult.Column> returningColumns,
                          TableDef table, long rowDelta, List<RowWriter.Change> changes) {
    }

    public Outcome insert(BoundInsert insert, ReadView view, Executor executor, QueryContext ctx) {
        TableDef table = insert.table();
        int n = table.columns().size();
        List<Object[]> source = executor.collect(insert.source());
        WriteBatch batch = new WriteBatch();
        long firstRowId = table.hasRowId() ? catalog.allocateRowIds(table, source.size()) : 0;
        int rowIdSlot = table.hasRowId() ? table.primaryKeySlots()[0] : -1;
        List<RowWriter.Change> changes = new ArrayList<>();
        List<Object[]> written = new ArrayList<>();
        Set<ByteBuffer> proposedKeys = new HashSet<>();
        Set<List<Object>> insertedKeys = new HashSet<>();
        long inserted = 0;
        for (int r = 0; r < source.size(); r++) {
            ctx.tick();
            Object[] values = source.get(r);
            Object[] row = new Object[n];
            boolean[] given = new boolean[n];
            for (int i = 0; i < insert.targetColumns().length; i++) {
                int c = insert.targetColumns()[i];
                row[c] = assign(values[i], table.columns().get(c), r, source.size());
                given[c] = true;
            }
            for (int c = 0; c < n; c++) {
                if (!given[c] && c != rowIdSlot) {
                    Object d = insert.defaults().get(c).eval(ctx, null);
                    row[c] = assign(d, table.columns().get(c), r, source.size());
                }
            }
            if (rowIdSlot >= 0) {
                row[rowIdSlot] = firstRowId + r;
            }
            if (insert.onConflict() != null) {
                Object[] existing = conflicting(table, insert.onConflict(), row, view);
                if (existing != null) {
                    if (insert.onConflict().doNothing()) {
                        continue;
                    }
                    if (!proposedKeys.add(ByteBuffer.wrap(writer.primaryKey(table, existing)))) {
                        throw SqlErrors.cardinality("ON CONFLICT DO UPDATE command cannot affect row a second time");
                    }
                    Object[] both = new Object[2 * n];
                    System.arraycopy(existing, 0, both, 0, n);
                    System.arraycopy(row, 0, both, n, n);
                    if (insert.onConflict().where() != null
                            && !Boolean.TRUE.equals(Values.truth(insert.onConflict().where().eval(ctx, both)))) {
                        continue;
                    }
                    Object[] updated = existing.clone();
                    for (Assignment a : insert.onConflict().set()) {
                        updated[a.column()] = assign(a.value().eval(ctx, both), table.columns().get(a.column()), r, source.size());
                    }
                    changes.add(new RowWriter.Change(existing, updated));
                    written.add(updated);
                    continue;
                }
                // A row this statement inserted already holds one of the arbiter keys: DO NOTHING skips the
                // second proposal, DO UPDATE would affect that row a second time (PostgreSQL: 21000).
                List<List<Object>> keys = arbiterKeys(table, insert.onConflict(), row);
                if (keys.stream().anyMatch(insertedKeys::contains)) {
                    if (insert.onConflict().doNothing()) {
                        continue;
                    }
                    throw SqlErrors.cardinality("ON CONFLICT DO UPDATE command cannot affect row a second time");
                }
                insertedKeys.addAll(keys);
            }
            changes.add(new RowWriter.Change(null, row));
            written.add(row);
            inserted++;
        }
        writer.stage(table, changes, view, batch);
        return new Outcome(batch, changes.size(), returning(insert.returning(), written, ctx), insert.returning().columns(), table, inserted,
                changes);
    }

    /**
     * Inserts rows already converted to the table's columns (table-width, every value assigned and defaults
     * filled in: COPY FROM), with INSERT's checks (NOT NULL, primary key and unique values against the store and
     * among the rows themselves). A table without a primary key gets its generated row ids here.
     */
    public Outcome insertRows(TableDef table, List<Object[]> rows, ReadView view, QueryContext ctx) {
        long firstRowId = table.hasRowId() ? catalog.allocateRowIds(table, rows.size()) : 0;
        int rowIdSlot = table.hasRowId() ? table.primaryKeySlots()[0] : -1;
        List<RowWriter.Change> changes = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            ctx.tick();
            Object[] row = rows.get(r);
            if (rowIdSlot >= 0) {
                row[rowIdSlot] = firstRowId + r;
            }
            changes.add(new RowWriter.Change(null, row));
        }
        WriteBatch batch = new WriteBatch();
        writer.stage(table, changes, view, batch);
        return new Outcome(batch, changes.size(), null, List.of(), table, changes.size(), changes);
    }

    /** The keys of {@code row} an ON CONFLICT clause arbitrates on: its primary key and/or unique index values. */
    private List<List<Object>> arbiterKeys(TableDef table, WriteBinder.BoundConflict conflict, Object[] row) {
        List<List<Object>> keys = new ArrayList<>();
        if (conflict.index() == null) {
            keys.add(List.of("", ByteBuffer.wrap(writer.primaryKey(table, row))));
            if (!conflict.anyConstraint()) {
                return keys;
            }
        }
        for (IndexDef index : table.indexes()) {
            if (!index.unique() || conflict.index() != null && !index.equals(conflict.index())) {
                continue;
            }
            List<Object> values = RowWriter.indexValues(table, index, row);
            if (values.contains(null)) {
                continue;
            }
            List<Object> key = new ArrayList<>();
            key.add(index.name());
            for (Object v : values) {
                key.add(Values.hashKey(v));
            }
            keys.add(key);
        }
        return keys;
    }

    /** The stored row an ON CONFLICT clause would collide with, or {@code null}. */
    private Object[] conflicting(TableDef table, WriteBinder.BoundConflict conflict, Object[] row, ReadView view) {
        if (conflict.index() == null) {
            byte[] stored = view.get(Keys.rowKey(table.id(), writer.primaryKey(table, row)));
            if (stored != null) {
                return rows.decode(table, stored);
            }
            if (!conflict.anyConstraint()) {
                return null;
            }
        }
        for (IndexDef index : table.indexes()) {
            if (!index.unique() || conflict.index() != null && !index.equals(conflict.index())) {
                continue;
            }
            List<Object> values = RowWriter.indexValues(table, index, row);
            if (values.contains(null)) {
                continue;
            }
            try (KvIterator it = view.scan(ScanRange.prefix(Keys.indexValuesPrefix(index, values)))) {
                while (it.hasNext()) {
                    byte[] pk = Keys.primaryKeyOfIndexKey(index, it.next().key());
                    byte[] stored = view.get(Keys.rowKey(table.id(), pk));
                    if (stored != null) {
                        Object[] other = rows.decode(table, stored);
                        if (sameValues(RowWriter.indexValues(table, index, other), values)) {
                            return other;
                        }
                    }
                }
            }
        }
        return null;
    }

    private static boolean sameValues(List<Object> a, List<Object> b) {
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) == null || Values.compare(a.get(i), b.get(i)) != 0) {
                return false;
            }
        }
        return true;
    }

    public Outcome update(BoundChange update, ReadView view, Executor executor, QueryContext ctx) {
        TableDef table = update.table();
        List<Object[]> matched = executor.collect(update.rows());
        List<RowWriter.Change> changes = new ArrayList<>();
        List<Object[]> written = new ArrayList<>();
        for (int r = 0; r < matched.size(); r++) {
            ctx.tick();
            Object[] old = matched.get(r);
            Object[] updated = old.clone();
            for (Assignment a : update.set()) {
                updated[a.column()] = assign(a.value().eval(ctx, old), table.columns().get(a.column()), r, matched.size());
            }
            changes.add(new RowWriter.Change(old, updated));
            written.add(updated);
        }
        WriteBatch batch = new WriteBatch();
        writer.stage(table, changes, view, batch);
        return new Outcome(batch, changes.size(), returning(update.returning(), written, ctx), update.returning().columns(), table, 0,
                changes);
    }

    public Outcome delete(BoundChange delete, ReadView view, Executor executor, QueryContext ctx) {
        TableDef table = delete.table();
        List<Object[]> matched = executor.collect(delete.rows());
        List<RowWriter.Change> changes = new ArrayList<>();
        for (Object[] old : matched) {
            changes.add(new RowWriter.Change(old, null));
        }
        WriteBatch batch = new WriteBatch();
        writer.stage(table, changes, view, batch);
        return new Outcome(batch, changes.size(), returning(delete.returning(), matched, ctx), delete.returning().columns(), table,
                -changes.size(), changes);
    }

    private static List<Object[]> returning(WriteBinder.Returning returning, List<Object[]> written, QueryContext ctx) {
        if (returning.isEmpty()) {
            return null;
        }
        List<Object[]> out = new ArrayList<>();
        for (Object[] row : written) {
            Object[] r = new Object[returning.exprs().size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = returning.exprs().get(i).eval(ctx, row);
            }
            out.add(r);
        }
        return out;
    }

    /** The implicit conversion into a column, naming the row when a multi-row statement fails. */
    private static Object assign(Object v, ColumnDef column, int row, int rows) {
        try {
            return column.assign(v);
        } catch (io.distdb.sql.errors.SqlException e) {
            if (rows <= 1) {
                throw e;
            }
            throw new io.distdb.sql.errors.SqlException(e.sqlState(), e.error(), "row " + (row + 1) + ": " + e.getMessage(), e.position());
        }
    }
}
