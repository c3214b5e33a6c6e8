package io.distdb.server.sql.exec;

import io.distdb.server.sql.SqlErrors;
import io.distdb.server.sql.SqlResult;
import io.distdb.server.sql.catalog.Catalog;
import io.distdb.server.sql.catalog.ColumnDef;
import io.distdb.server.sql.catalog.IndexDef;
import io.distdb.server.sql.catalog.TableDef;
import io.distdb.server.sql.codec.Keys;
import io.distdb.server.sql.expr.Expr;
import io.distdb.server.sql.expr.ExprCompiler;
import io.distdb.server.sql.expr.Names;
import io.distdb.server.sql.expr.Params;
import io.distdb.server.sql.expr.Scope;
import io.distdb.server.sql.expr.Values;
import io.distdb.server.sql.plan.AccessPath;
import io.distdb.server.sql.plan.Planner;
import io.distdb.storage.KvIterator;
import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;
import io.distdb.storage.WriteBatch;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * INSERT, UPDATE and DELETE. Each statement validates every row first, then writes all rows and their
 * index entries in one batch: a bad row (type, NOT NULL, duplicate key, size) writes nothing. Callers hold
 * the engine's write lock, so the duplicate checks cannot race another statement.
 */
public final class DmlExecutor {

    private final KvStore store;
    private final Catalog catalog;
    private final TableReader reader;
    private final RowWriter writer;

    public DmlExecutor(KvStore store, Catalog catalog, TableReader reader, RowWriter writer) {
        this.store = store;
        this.catalog = catalog;
        this.reader = reader;
        this.writer = writer;
    }

    // ---------------------------------------------------------------- INSERT

    public SqlResult insert(Insert insert, Params params) {
        TableDef table = writable(insert.getTable());
        if (insert.isUseDuplicate() || insert.getConflictAction() != null || insert.getReturningClause() != null
                || insert.isUseSet() || insert.isModifierIgnore()) {
            throw SqlErrors.unsupported("INSERT with ON CONFLICT, ON DUPLICATE KEY, RETURNING, SET or IGNORE");
        }
        int[] targets = targetColumns(table, insert.getColumns());
        List<Object[]> input = inputRows(insert, params);
        WriteBatch batch = new WriteBatch();
        List<Object[]> rows = new ArrayList<>(input.size());
        for (int r = 0; r < input.size(); r++) {
            Object[] values = input.get(r);
            if (values.length != targets.length) {
                throw SqlErrors.error("row " + (r + 1) + " has " + values.length + " values but " + targets.length + " columns are listed");
            }
            Object[] row = new Object[table.columns().size()];
            for (int i = 0; i < targets.length; i++) {
                row[targets[i]] = assign(table.column(targets[i]), values[i], r + 1);
            }
            checkNotNull(table, row, r + 1);
            rows.add(row);
        }
        if (table.hasRowId()) {
            long first = catalog.allocateRowIds(table, rows.size(), batch);
            int slot = table.primaryKeySlots()[0];
            for (int r = 0; r < rows.size(); r++) {
                rows.get(r)[slot] = first + r;
            }
        }
        Set<String> keys = new HashSet<>();
        for (int r = 0; r < rows.size(); r++) {
            byte[] key = RowWriter.rowKey(table, rows.get(r));
            if (!keys.add(str(key)) || store.get(key) != null) {
                throw SqlErrors.constraint("row " + (r + 1) + ": duplicate primary key " + describeKey(table, rows.get(r)));
            }
        }
        checkUnique(table, rows, Set.of());
        for (int r = 0; r < rows.size(); r++) {
            byte[] encoded = writer.encodeChecked(table, rows.get(r), "row " + (r + 1));
            writer.stagePut(table, rows.get(r), encoded, batch);
        }
        store.write(batch);
        return SqlResult.affected(rows.size());
    }

    private List<Object[]> inputRows(Insert insert, Params params) {
        List<Object[]> rows = new ArrayList<>();
        if (insert.getSelect() instanceof net.sf.jsqlparser.statement.select.Values valuesClause) {
            ExpressionList<?> list = valuesClause.getExpressions();
            if (list instanceof ParenthesedExpressionList<?> single) {
                rows.add(evaluate(single, params));
            } else {
                for (Expression row : list) {
                    if (row instanceof ExpressionList<?> values) {
                        rows.add(evaluate(values, params));
                    } else {
                        rows.add(new Object[] {ExprCompiler.constant(row, params)});
                    }
                }
            }
            return rows;
        }
        if (insert.getSelect() instanceof PlainSelect select) {
            SelectPlan plan = SelectPlan.plan(select, catalog, params);
            for (List<Object> row : plan.execute(store, reader).rows()) {
                rows.add(row.toArray());
            }
            return rows;
        }
        throw SqlErrors.unsupported("this form of INSERT (use VALUES or a plain SELECT)");
    }

    private static Object[] evaluate(ExpressionList<?> values, Params params) {
        Object[] row = new Object[values.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = ExprCompiler.constant(values.get(i), params);
        }
        return row;
    }

    private static int[] targetColumns(TableDef table, ExpressionList<Column> columns) {
        if (columns == null || columns.isEmpty()) {
            List<ColumnDef> visible = table.visibleColumns();
            int[] slots = new int[visible.size()];
            for (int i = 0; i < slots.length; i++) {
                slots[i] = table.columnIndex(visible.get(i).name());
            }
            return slots;
        }
        int[] slots = new int[columns.size()];
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < slots.length; i++) {
            slots[i] = columnSlot(table, columns.get(i));
            if (!seen.add(slots[i])) {
                throw SqlErrors.error("column '" + table.column(slots[i]).name() + "' is listed twice");
            }
        }
        return slots;
    }

    private static int columnSlot(TableDef table, Column column) {
        String name = Names.normalize(column.getColumnName());
        int slot = table.columnIndex(name);
        if (slot < 0 || table.column(slot).hidden()) {
            throw new io.distdb.server.api.ApiException(400, SqlErrors.UNKNOWN_COLUMN,
                    "column '" + name + "' does not exist in table '" + table.name() + "'");
        }
        return slot;
    }

    private static Object assign(ColumnDef column, Object value, int rowNumber) {
        try {
            return Values.assign(value, column);
        } catch (IllegalArgumentException e) {
            throw SqlErrors.typeMismatch("row " + rowNumber + ", column " + column.name() + " (" + column.type() + "): " + e.getMessage());
        }
    }

    private static void checkNotNull(TableDef table, Object[] row, int rowNumber) {
        for (int i = 0; i < row.length; i++) {
            ColumnDef c = table.column(i);
            if (row[i] == null && !c.hidden() && (c.notNull() || table.primaryKey().contains(c.name()))) {
                throw SqlErrors.constraint("row " + rowNumber + ": column " + c.name() + " must not be NULL");
            }
        }
    }

    /**
     * Unique indexes: no two new rows, and no new row and a stored row outside {@code replacedKeys}
     * (the rows the statement rewrites), may share non-NULL values.
     */
    private void checkUnique(TableDef table, List<Object[]> rows, Set<String> replacedKeys) {
        for (IndexDef index : table.indexes()) {
            if (!index.unique()) {
                continue;
            }
            int[] slots = table.slots(index.columns());
            Set<List<Object>> seen = new HashSet<>();
            for (Object[] row : rows) {
                List<Object> values = RowWriter.values(row, slots);
                if (values.contains(null)) {
                    continue;
                }
                if (!seen.add(Values.keyOf(values.toArray()))) {
                    throw uniqueViolation(index, values);
                }
                byte[] prefix = Keys.indexValuesPrefix(index, values);
                try (KvIterator it = store.scan(ScanRange.prefix(prefix))) {
                    while (it.hasNext()) {
                        byte[] pk = Keys.primaryKeyOfIndexKey(index, it.next().key());
                        if (!replacedKeys.contains(str(Keys.rowKey(table.id(), pk)))) {
                            throw uniqueViolation(index, values);
                        }
                    }
                }
            }
        }
    }

    private static RuntimeException uniqueViolation(IndexDef index, List<Object> values) {
        return SqlErrors.constraint("duplicate value " + values.stream().map(Values::display).toList()
                + " for unique index " + index.name() + " " + index.columns());
    }

    // ---------------------------------------------------------------- UPDATE

    /** A compiled UPDATE: which rows, and the new value of each assigned column. */
    private record UpdatePlan(TableDef table, Scope scope, AccessPath path, Expr where, String whereText, int[] slots,
                              List<Expr> values, List<String> setText) {
    }

    private UpdatePlan planUpdate(Update update, Params params) {
        if (update.getFromItem() != null || (update.getJoins() != null && !update.getJoins().isEmpty())
                || (update.getStartJoins() != null && !update.getStartJoins().isEmpty())
                || update.getOrderByElements() != null || update.getLimit() != null || update.getReturningClause() != null) {
            throw SqlErrors.unsupported("UPDATE with FROM, JOIN, ORDER BY, LIMIT or RETURNING");
        }
        TableDef table = writable(update.getTable());
        Scope scope = Scope.of(table, Tables.alias(update.getTable()), params);
        List<Integer> slots = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        List<String> setText = new ArrayList<>();
        for (UpdateSet set : update.getUpdateSets()) {
            if (set.getColumns().size() != set.getValues().size()) {
                throw SqlErrors.unsupported("SET (a, b) = (subquery)");
            }
            for (int i = 0; i < set.getColumns().size(); i++) {
                int slot = columnSlot(table, set.getColumns().get(i));
                if (slots.contains(slot)) {
                    throw SqlErrors.error("column '" + table.column(slot).name() + "' is assigned twice");
                }
                slots.add(slot);
                values.add(new ExprCompiler(scope).compile(set.getValues().get(i)));
                setText.add(table.column(slot).name() + " = " + set.getValues().get(i));
            }
        }
        Expression where = update.getWhere();
        Expr whereExpr = where == null ? null : new ExprCompiler(scope).compile(where);
        AccessPath path = Planner.choose(scope, 0, Conditions.conjuncts(where));
        return new UpdatePlan(table, scope, path, whereExpr, where == null ? null : where.toString(),
                slots.stream().mapToInt(Integer::intValue).toArray(), values, setText);
    }

    public SqlResult update(Update update, Params params) {
        UpdatePlan plan = planUpdate(update, params);
        TableDef table = plan.table();
        List<Object[]> matched = matching(plan.path(), plan.where());
        List<Object[]> changed = new ArrayList<>(matched.size());
        for (Object[] old : matched) {
            Object[] row = old.clone();
            for (int i = 0; i < plan.slots().length; i++) {
                ColumnDef column = table.column(plan.slots()[i]);
                Object value = plan.values().get(i).eval(old);
                try {
                    row[plan.slots()[i]] = Values.assign(value, column);
                } catch (IllegalArgumentException e) {
                    throw SqlErrors.typeMismatch("column " + column.name() + " (" + column.type() + ") of row "
                            + describeKey(table, old) + ": " + e.getMessage());
                }
            }
            checkNotNull(table, row, changed.size() + 1);
            changed.add(row);
        }
        Set<String> oldKeys = new HashSet<>();
        for (Object[] old : matched) {
            oldKeys.add(str(RowWriter.rowKey(table, old)));
        }
        Set<String> newKeys = new HashSet<>();
        for (Object[] row : changed) {
            byte[] key = RowWriter.rowKey(table, row);
            if (!newKeys.add(str(key)) || (!oldKeys.contains(str(key)) && store.get(key) != null)) {
                throw SqlErrors.constraint("duplicate primary key " + describeKey(table, row));
            }
        }
        checkUnique(table, changed, oldKeys);
        WriteBatch batch = new WriteBatch();
        // Deletes first, then puts: a batch applies in order, so rows that swap keys end up correct.
        for (int r = 0; r < matched.size(); r++) {
            Object[] old = matched.get(r);
            Object[] row = changed.get(r);
            if (!Arrays.equals(RowWriter.rowKey(table, old), RowWriter.rowKey(table, row))) {
                batch.delete(RowWriter.rowKey(table, old));
            }
            for (IndexDef index : table.indexes()) {
                byte[] before = RowWriter.indexKey(table, index, old);
                if (!Arrays.equals(before, RowWriter.indexKey(table, index, row))) {
                    batch.delete(before);
                }
            }
        }
        for (int r = 0; r < changed.size(); r++) {
            Object[] row = changed.get(r);
            byte[] encoded = writer.encodeChecked(table, row, "row " + describeKey(table, row));
            writer.stagePut(table, row, encoded, batch);
        }
        store.write(batch);
        return SqlResult.affected(matched.size());
    }

    public List<String> explain(Update update, Params params) {
        UpdatePlan plan = planUpdate(update, params);
        List<String> lines = new ArrayList<>();
        lines.add("SCAN " + SelectPlan.display(plan.scope().entries().get(0)) + ": " + plan.path().describe());
        if (plan.whereText() != null) {
            lines.add("FILTER " + plan.whereText());
        }
        lines.add("UPDATE " + plan.table().name() + " SET " + String.join(", ", plan.setText()));
        return lines;
    }

    // ---------------------------------------------------------------- DELETE

    private record DeletePlan(TableDef table, Scope scope, AccessPath path, Expr where, String whereText) {
    }

    private DeletePlan planDelete(Delete delete, Params params) {
        if ((delete.getTables() != null && !delete.getTables().isEmpty()) || (delete.getJoins() != null && !delete.getJoins().isEmpty())
                || (delete.getUsingList() != null && !delete.getUsingList().isEmpty()) || delete.getOrderByElements() != null || delete.getLimit() != null
                || delete.getReturningClause() != null) {
            throw SqlErrors.unsupported("DELETE with USING, JOIN, ORDER BY, LIMIT or RETURNING");
        }
        TableDef table = writable(delete.getTable());
        Scope scope = Scope.of(table, Tables.alias(delete.getTable()), params);
        Expression where = delete.getWhere();
        Expr whereExpr = where == null ? null : new ExprCompiler(scope).compile(where);
        AccessPath path = Planner.choose(scope, 0, Conditions.conjuncts(where));
        return new DeletePlan(table, scope, path, whereExpr, where == null ? null : where.toString());
    }

    public SqlResult delete(Delete delete, Params params) {
        DeletePlan plan = planDelete(delete, params);
        List<Object[]> matched = matching(plan.path(), plan.where());
        WriteBatch batch = new WriteBatch();
        for (Object[] row : matched) {
            writer.stageDelete(plan.table(), row, batch);
        }
        if (!batch.isEmpty()) {
            store.write(batch);
        }
        return SqlResult.affected(matched.size());
    }

    public List<String> explain(Delete delete, Params params) {
        DeletePlan plan = planDelete(delete, params);
        List<String> lines = new ArrayList<>();
        lines.add("SCAN " + SelectPlan.display(plan.scope().entries().get(0)) + ": " + plan.path().describe());
        if (plan.whereText() != null) {
            lines.add("FILTER " + plan.whereText());
        }
        lines.add("DELETE FROM " + plan.table().name());
        return lines;
    }

    // ---------------------------------------------------------------- shared

    private List<Object[]> matching(AccessPath path, Expr where) {
        List<Object[]> rows = new ArrayList<>();
        reader.read(store, path, row -> {
            if (where == null || ExprCompiler.isTrue(where.eval(row))) {
                rows.add(row);
            }
            return true;
        });
        return rows;
    }

    private TableDef writable(Table name) {
        TableDef table = Tables.resolve(catalog, name);
        if (table.documents()) {
            throw SqlErrors.error("table '" + table.name() + "' is a read-only view of a document collection; write documents through the documents API");
        }
        return table;
    }

    private static String describeKey(TableDef table, Object[] row) {
        if (table.hasRowId()) {
            return "(" + ColumnDef.ROW_ID + ") = (" + row[table.primaryKeySlots()[0]] + ")";
        }
        return "(" + String.join(", ", table.primaryKey()) + ") = ("
                + String.join(", ", RowWriter.values(row, table.primaryKeySlots()).stream().map(Values::display).toList()) + ")";
    }

    /** Byte keys as map keys: one char per byte. */
    private static String str(byte[] key) {
        return new String(key, StandardCharsets.ISO_8859_1);
    }
}
