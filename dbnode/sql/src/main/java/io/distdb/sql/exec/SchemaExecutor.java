package io.distdb.sql.exec;

import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.errors.SqlException;
import io.distdb.sql.ast.Statement;
import io.distdb.sql.bind.TypeNames;
import io.distdb.sql.catalog.Catalog;
import io.distdb.sql.catalog.ColumnDef;
import io.distdb.sql.catalog.IndexDef;
import io.distdb.sql.catalog.TableDef;
import io.distdb.sql.catalog.ViewDef;
import io.distdb.sql.codec.Keys;
import io.distdb.sql.types.SqlType;
import io.distdb.sql.types.Values;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.ReadView;
import io.distdb.storage.ScanRange;
import io.distdb.storage.WriteBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Runs DDL: CREATE/DROP TABLE, INDEX and VIEW, ALTER TABLE, TRUNCATE. Each statement computes a
 * {@link Change}: the data to write before its catalog edit commits (a new index's entries, so no statement
 * ever sees an index whose entries are not written), the edit itself, and the data to remove once the
 * definitions that reach it are gone (a dropped table's rows), so a DDL statement that loses a race to
 * another node's leaves the data as it was.
 *
 * <p>ALTER TABLE rewrites no row: an added column's value for existing rows is kept in its definition, a
 * dropped column keeps its place in stored rows under a name nothing can reach, a renamed column keeps its
 * position. So it runs online, on one node or a whole cluster, while other statements read and write.
 */
public final class SchemaExecutor {

    /**
     * A DDL statement's effect: {@code before} is written first, then {@code edit} commits, then {@code after}
     * is written and {@code afterCommit} runs.
     */
    public record Change(WriteBatch before, Catalog.Edit edit, WriteBatch after, long rowsAffected, Runnable afterCommit,
                         String tag) {

        static Change none(Catalog catalog, String tag) {
            return new Change(new WriteBatch(), catalog.edit(), new WriteBatch(), 0, () -> { }, tag);
        }

        static Change ofEdit(Catalog.Edit edit, String tag) {
            return new Change(new WriteBatch(), edit, new WriteBatch(), 0, () -> { }, tag);
        }
    }

    private final Catalog catalog;
    private final RowWriter writer;
    private final TableRows rows;

    public SchemaExecutor(Catalog catalog, RowWriter writer, TableRows rows) {
        this.catalog = catalog;
        this.writer = writer;
        this.rows = rows;
    }

    /**
     * CREATE TABLE. {@code defaultText} renders a DEFAULT expression back to SQL text, and
     * {@code checkDefault} binds it and returns its type (so a bad default fails the CREATE).
     */
    public Change createTable(Statement.CreateTable create, Function<io.distdb.sql.ast.Expr, String> defaultText,
                              Function<io.distdb.sql.ast.Expr, SqlType> checkDefault) {
        Catalog.Edit edit = catalog.edit(); // first: every check below reads the catalog of this version
        if (create.name().indexOf('.') >= 0) {
            String schema = create.name().substring(0, create.name().indexOf('.'));
            if (schema.equals("public")) {
                return createTable(new Statement.CreateTable(create.name().substring(7), create.ifNotExists(), create.columns(),
                        create.primaryKey(), create.uniques(), create.asQuery(), create.pos()), defaultText, checkDefault);
            }
            throw new SqlException("3F000", SqlErrors.GENERAL, "schema \"" + schema + "\" does not exist (tables are created in public)");
        }
        if (exists(create.name())) {
            if (create.ifNotExists()) {
                return Change.none(catalog, "CREATE TABLE");
            }
            throw SqlErrors.duplicateTable(create.name());
        }
        List<ColumnDef> columns = new ArrayList<>();
        List<String> primaryKey = new ArrayList<>(create.primaryKey());
        List<List<String>> uniques = new ArrayList<>(create.uniques());
        for (Statement.ColumnSpec spec : create.columns()) {
            if (columns.stream().anyMatch(c -> c.name().equals(spec.name()))) {
                throw new SqlException("42701", SqlErrors.GENERAL, "column \"" + spec.name() + "\" specified more than once");
            }
            columns.add(column(spec, defaultText, checkDefault));
            if (spec.primaryKey()) {
                if (!primaryKey.isEmpty()) {
                    throw new SqlException("42P16", SqlErrors.GENERAL, "multiple primary keys for table \"" + create.name() + "\" are not allowed");
                }
                primaryKey.add(spec.name());
            }
            if (spec.unique()) {
                uniques.add(List.of(spec.name()));
            }
        }
        for (String k : primaryKey) {
            if (columns.stream().noneMatch(c -> c.name().equals(k))) {
                throw SqlErrors.unknownColumn(k + "\" named in key does not exist");
            }
        }
        if (primaryKey.isEmpty()) {
            columns.add(new ColumnDef(ColumnDef.ROW_ID, SqlType.BIGINT, true, 0, true));
            primaryKey.add(ColumnDef.ROW_ID);
        } else {
            for (String k : primaryKey) {
                int i = indexOf(columns, k);
                columns.set(i, columns.get(i).withNotNull(true));
            }
        }
        int id = catalog.allocateId();
        TableDef table = new TableDef(id, create.name(), columns, primaryKey, List.of(), false);
        for (List<String> unique : uniques) {
            for (String c : unique) {
                if (indexOf(columns, c) < 0) {
                    throw SqlErrors.unknownColumn(c + "\" named in key does not exist");
                }
            }
            if (unique.equals(primaryKey)) {
                continue;
            }
            String name = uniqueName(create.name() + "_" + String.join("_", unique) + "_key");
            table = table.withIndex(new IndexDef(catalog.allocateId(), name, unique, IndexDef.Kind.BTREE, true));
        }
        return Change.ofEdit(edit.putTable(table), "CREATE TABLE");
    }

    private ColumnDef column(Statement.ColumnSpec spec, Function<io.distdb.sql.ast.Expr, String> defaultText,
                             Function<io.distdb.sql.ast.Expr, SqlType> checkDefault) {
        TypeNames.Resolved type = TypeNames.resolve(spec.type());
        String def = null;
        if (spec.defaultValue() != null) {
            SqlType t = checkDefault.apply(spec.defaultValue());
            if (t == SqlType.UNKNOWN && spec.defaultValue() instanceof io.distdb.sql.ast.Expr.Literal l && l.value() instanceof String text) {
                io.distdb.sql.types.Values.parseText(text, type.type()); // a default that does not read as the type fails now (22P02)
            }
            if (t != SqlType.UNKNOWN && t != type.type() && !(t.isNumeric() && type.type().isNumeric()) && type.type() != SqlType.TEXT
                    && !(t == SqlType.TEXT && type.type() != SqlType.BYTEA)) {
                throw SqlErrors.typeMismatch("column \"" + spec.name() + "\" is of type " + type.type().sqlName()
                        + " but default expression is of type " + t.sqlName());
            }
            def = defaultText.apply(spec.defaultValue());
        }
        return new ColumnDef(spec.name(), type.type(), spec.notNull() || spec.primaryKey(), type.maxLength(), false, def, null);
    }

    public Change dropTable(Statement.DropTable drop, ReadView view) {
        WriteBatch batch = new WriteBatch();
        Catalog.Edit edit = catalog.edit();
        long rowsRemoved = 0;
        for (String name : drop.names()) {
            TableDef table = catalog.table(name);
            if (table == null) {
                if (drop.ifExists()) {
                    continue;
                }
                if (catalog.view(name) != null) {
                    throw new SqlException("42809", SqlErrors.GENERAL, "\"" + name + "\" is not a table; use DROP VIEW");
                }
                throw SqlErrors.unknownTable(name);
            }
            rowsRemoved += deleteRange(view, Keys.tablePrefix(table.id()), batch);
            for (IndexDef index : table.indexes()) {
                deleteRange(view, Keys.indexPrefix(index.id()), batch);
            }
            edit.dropTable(table);
        }
        return new Change(new WriteBatch(), edit, batch, rowsRemoved, () -> { }, "DROP TABLE");
    }

    public Change truncate(Statement.Truncate truncate, ReadView view) {
        WriteBatch batch = new WriteBatch();
        List<TableDef> tables = new ArrayList<>();
        for (String name : truncate.tables()) {
            TableDef table = catalog.table(name);
            if (table == null) {
                throw SqlErrors.unknownTable(name);
            }
            deleteRange(view, Keys.tablePrefix(table.id()), batch);
            for (IndexDef index : table.indexes()) {
                deleteRange(view, Keys.indexPrefix(index.id()), batch);
            }
            tables.add(table);
        }
        return new Change(new WriteBatch(), catalog.edit(), batch, 0, () -> tables.forEach(catalog::resetCount), "TRUNCATE TABLE");
    }

    /**
     * CREATE INDEX. {@code afterCommitWrites} (null on a single node, where no other statement writes while
     * DDL runs) writes the entries of rows that other nodes wrote while the index was being built.
     */
    public Change createIndex(Statement.CreateIndex create, ReadView view, java.util.function.Consumer<WriteBatch> afterCommitWrites) {
        Catalog.Edit edit = catalog.edit(); // first: every check below reads the catalog of this version
        TableDef table = catalog.table(create.table());
        if (table == null) {
            throw SqlErrors.unknownTable(create.table());
        }
        String name = create.name() != null ? create.name()
                : uniqueName(create.table() + "_" + String.join("_", create.columns()) + "_idx");
        if (catalog.tableOfIndex(name) != null || exists(name)) {
            if (create.ifNotExists()) {
                return Change.none(catalog, "CREATE INDEX");
            }
            throw SqlErrors.duplicateTable(name);
        }
        for (String c : create.columns()) {
            int i = table.columnIndex(c);
            if (i < 0 || table.columns().get(i).hidden()) {
                throw SqlErrors.unknownColumn(c);
            }
            if (table.columns().get(i).type() == SqlType.JSON) {
                throw SqlErrors.unsupported("an index on a jsonb column");
            }
        }
        IndexDef.Kind kind = create.method() == null || create.method().equals("btree") ? IndexDef.Kind.BTREE
                : create.method().equals("hash") ? IndexDef.Kind.HASH : null;
        if (kind == null) {
            throw new SqlException("42704", SqlErrors.GENERAL, "access method \"" + create.method() + "\" does not exist");
        }
        WriteBatch batch = new WriteBatch();
        IndexDef index = new IndexDef(catalog.allocateId(), name, create.columns(), kind, create.unique());
        TableDef indexed = table.withIndex(index);
        // Build the entries from the rows as they are; a unique index checks them like an insert would.
        List<RowWriter.Change> all = new ArrayList<>();
        try (KvIterator it = view.scan(ScanRange.prefix(Keys.tablePrefix(table.id())))) {
            while (it.hasNext()) {
                Object[] row = rows.decode(table, it.next().value());
                all.add(new RowWriter.Change(null, row));
            }
        }
        TableDef onlyNew = new TableDef(table.id(), table.name(), table.columns(), table.primaryKey(), List.of(index), false);
        if (index.unique()) {
            // Each row is checked against the others; none is in the new index yet.
            WriteBatch check = new WriteBatch();
            writer.stage(onlyNew, all, new EmptyIndexView(view, index), check);
        }
        for (RowWriter.Change c : all) {
            byte[] pk = writer.primaryKey(table, c.after());
            batch.put(Keys.indexKey(index, RowWriter.indexValues(onlyNew, index, c.after()), pk), new byte[0]);
        }
        // Rows written through other nodes while this node built the entries, by statements that did not know
        // the index yet, get theirs once every node knows it: the table is read again after the commit.
        Runnable catchUp = afterCommitWrites == null ? () -> { } : () -> {
            WriteBatch missed = new WriteBatch();
            try (KvIterator it = view.scan(ScanRange.prefix(Keys.tablePrefix(table.id())))) {
                while (it.hasNext()) {
                    Object[] row = rows.decode(table, it.next().value());
                    missed.put(Keys.indexKey(index, RowWriter.indexValues(onlyNew, index, row), writer.primaryKey(table, row)), new byte[0]);
                }
            }
            afterCommitWrites.accept(missed);
        };
        return new Change(batch, edit.putTable(indexed), new WriteBatch(), 0, catchUp, "CREATE INDEX");
    }

    /** The store with the row keys hidden, so staging rows against it checks only uniqueness among them. */
    private record EmptyIndexView(ReadView base, IndexDef index) implements ReadView {
        @Override
        public byte[] get(byte[] key) {
            return null;
        }

        @Override
        public KvIterator scan(ScanRange range) {
            return base.scan(ScanRange.between(new byte[] {0}, new byte[] {0}));
        }
    }

    public Change dropIndex(Statement.DropIndex drop, ReadView view) {
        Catalog.Edit edit = catalog.edit(); // first: every check below reads the catalog of this version
        TableDef table = catalog.tableOfIndex(drop.name());
        if (table == null) {
            if (drop.ifExists()) {
                return Change.none(catalog, "DROP INDEX");
            }
            throw new SqlException("42704", SqlErrors.GENERAL, "index \"" + drop.name() + "\" does not exist");
        }
        if (drop.table() != null && !drop.table().equals(table.name())) {
            throw SqlErrors.error("index \"" + drop.name() + "\" belongs to table \"" + table.name() + "\", not \"" + drop.table() + "\"");
        }
        IndexDef index = table.index(drop.name());
        WriteBatch batch = new WriteBatch();
        deleteRange(view, Keys.indexPrefix(index.id()), batch);
        List<IndexDef> rest = new ArrayList<>(table.indexes());
        rest.remove(index);
        TableDef after = table.withIndexes(rest);
        return new Change(new WriteBatch(), edit.putTable(after), batch, 0, () -> { }, "DROP INDEX");
    }

    public Change createView(Statement.CreateView create) {
        Catalog.Edit edit = catalog.edit();
        if (catalog.table(create.name()) != null) {
            throw SqlErrors.duplicateTable(create.name());
        }
        ViewDef existing = catalog.view(create.name());
        if (existing != null && !create.orReplace()) {
            throw SqlErrors.duplicateTable(create.name());
        }
        ViewDef view = new ViewDef(create.name(), create.columns(), create.queryText());
        return Change.ofEdit(edit.putView(view), "CREATE VIEW");
    }

    public Change dropView(Statement.DropView drop) {
        Catalog.Edit edit = catalog.edit();
        for (String name : drop.names()) {
            ViewDef view = catalog.view(name);
            if (view == null) {
                if (catalog.table(name) != null) {
                    throw new SqlException("42809", SqlErrors.GENERAL, "\"" + name + "\" is not a view");
                }
                if (drop.ifExists()) {
                    continue;
                }
                throw SqlErrors.unknownTable(name);
            }
            edit.dropView(view);
        }
        return Change.ofEdit(edit, "DROP VIEW");
    }

    /**
     * ALTER TABLE. {@code defaultText}/{@code checkDefault} as for CREATE TABLE; {@code evaluate} computes a
     * constant DEFAULT (the value rows that exist read in an added column).
     */
    public Change alterTable(Statement.AlterTable alter, ReadView view, Function<io.distdb.sql.ast.Expr, String> defaultText,
                             Function<io.distdb.sql.ast.Expr, SqlType> checkDefault, Function<String, Object> evaluate) {
        Catalog.Edit edit = catalog.edit(); // first: every check below reads the catalog of this version
        TableDef table = catalog.table(alter.table());
        if (table == null) {
            if (alter.ifExists()) {
                return Change.none(catalog, "ALTER TABLE");
            }
            throw SqlErrors.unknownTable(alter.table());
        }
        WriteBatch batch = new WriteBatch();
        String originalName = table.name();
        for (Statement.AlterAction action : alter.actions()) {
            if (action instanceof Statement.AlterAction.AddColumn add) {
                table = addColumn(table, add, view, defaultText, checkDefault, evaluate);
            } else if (action instanceof Statement.AlterAction.DropColumn drop) {
                table = dropColumn(table, drop, view, batch);
            } else if (action instanceof Statement.AlterAction.RenameColumn rename) {
                table = renameColumn(table, rename);
            } else if (action instanceof Statement.AlterAction.RenameTable rename) {
                if (exists(rename.to())) {
                    throw SqlErrors.duplicateTable(rename.to());
                }
                table = table.withName(rename.to());
            } else if (action instanceof Statement.AlterAction.SetDefault set) {
                int i = column(table, set.column());
                if (set.value() != null) {
                    checkDefault.apply(set.value());
                }
                table = replace(table, i, table.columns().get(i).withDefault(set.value() == null ? null : defaultText.apply(set.value())));
            } else if (action instanceof Statement.AlterAction.SetNotNull set) {
                int i = column(table, set.column());
                if (!set.notNull() && table.primaryKey().contains(set.column())) {
                    throw new SqlException("42P16", SqlErrors.GENERAL, "column \"" + set.column() + "\" is in a primary key");
                }
                if (set.notNull() && hasNull(table, i, view)) {
                    throw SqlErrors.notNull("column \"" + set.column() + "\" of relation \"" + table.name() + "\" contains null values");
                }
                table = replace(table, i, table.columns().get(i).withNotNull(set.notNull()));
            } else {
                throw new IllegalStateException("unexpected " + action);
            }
        }
        if (!table.name().equals(originalName)) {
            edit.dropTableName(originalName);
        }
        edit.putTable(table);
        return new Change(new WriteBatch(), edit, batch, 0, () -> { }, "ALTER TABLE");
    }

    private TableDef addColumn(TableDef table, Statement.AlterAction.AddColumn add, ReadView view,
                               Function<io.distdb.sql.ast.Expr, String> defaultText, Function<io.distdb.sql.ast.Expr, SqlType> checkDefault,
                               Function<String, Object> evaluate) {
        String name = add.column().name();
        int existing = table.columnIndex(name);
        if (existing >= 0 && !table.columns().get(existing).hidden()) {
            if (add.ifNotExists()) {
                return table;
            }
            throw new SqlException("42701", SqlErrors.GENERAL, "column \"" + name + "\" of relation \"" + table.name() + "\" already exists");
        }
        if (add.column().primaryKey() || add.column().unique()) {
            throw SqlErrors.unsupported("ADD COLUMN with PRIMARY KEY or UNIQUE (add the column, then CREATE UNIQUE INDEX)");
        }
        ColumnDef column = column(add.column(), defaultText, checkDefault);
        Object missing = column.defaultSql() == null ? null : column.assign(evaluate.apply(column.defaultSql()));
        if (column.notNull() && missing == null && !isEmpty(table, view)) {
            throw SqlErrors.notNull("column \"" + name + "\" of relation \"" + table.name() + "\" contains null values");
        }
        column = column.withMissing(missing == null ? null : Values.toText(missing));
        List<ColumnDef> columns = new ArrayList<>(table.columns());
        columns.add(column);
        return table.withColumns(columns);
    }

    private TableDef dropColumn(TableDef table, Statement.AlterAction.DropColumn drop, ReadView view, WriteBatch batch) {
        int i = table.columnIndex(drop.column());
        if (i < 0 || table.columns().get(i).hidden()) {
            if (drop.ifExists()) {
                return table;
            }
            throw SqlErrors.unknownColumn(drop.column() + "\" of relation \"" + table.name());
        }
        if (table.primaryKey().contains(drop.column())) {
            throw SqlErrors.unsupported("dropping a primary key column");
        }
        if (table.columns().stream().filter(c -> !c.hidden()).count() == 1) {
            throw SqlErrors.unsupported("dropping the only column of a table");
        }
        // Indexes on the column go with it, as in PostgreSQL.
        List<IndexDef> kept = new ArrayList<>();
        for (IndexDef index : table.indexes()) {
            if (index.columns().contains(drop.column())) {
                deleteRange(view, Keys.indexPrefix(index.id()), batch);
            } else {
                kept.add(index);
            }
        }
        return replace(table, i, table.columns().get(i).droppedAs(i)).withIndexes(kept);
    }

    private TableDef renameColumn(TableDef table, Statement.AlterAction.RenameColumn rename) {
        int i = column(table, rename.from());
        if (table.columnIndex(rename.to()) >= 0) {
            throw new SqlException("42701", SqlErrors.GENERAL, "column \"" + rename.to() + "\" of relation \"" + table.name() + "\" already exists");
        }
        List<String> pk = table.primaryKey().stream().map(c -> c.equals(rename.from()) ? rename.to() : c).toList();
        List<IndexDef> indexes = table.indexes().stream().map(ix -> new IndexDef(ix.id(), ix.name(),
                ix.columns().stream().map(c -> c.equals(rename.from()) ? rename.to() : c).toList(), ix.kind(), ix.unique())).toList();
        return replace(table, i, table.columns().get(i).withName(rename.to())).withPrimaryKey(pk).withIndexes(indexes);
    }

    private boolean hasNull(TableDef table, int column, ReadView view) {
        try (KvIterator it = view.scan(ScanRange.prefix(Keys.tablePrefix(table.id())))) {
            while (it.hasNext()) {
                if (rows.decode(table, it.next().value())[column] == null) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isEmpty(TableDef table, ReadView view) {
        try (KvIterator it = view.scan(ScanRange.prefix(Keys.tablePrefix(table.id())).limit(1))) {
            return !it.hasNext();
        }
    }

    private static int column(TableDef table, String name) {
        int i = table.columnIndex(name);
        if (i < 0 || table.columns().get(i).hidden()) {
            throw SqlErrors.unknownColumn(name + "\" of relation \"" + table.name());
        }
        return i;
    }

    private static TableDef replace(TableDef table, int i, ColumnDef column) {
        List<ColumnDef> columns = new ArrayList<>(table.columns());
        columns.set(i, column);
        return table.withColumns(columns);
    }

    private boolean exists(String name) {
        return catalog.table(name) != null || catalog.view(name) != null;
    }

    private String uniqueName(String base) {
        String name = base.toLowerCase(Locale.ROOT);
        int n = 1;
        while (catalog.tableOfIndex(name) != null || exists(name)) {
            name = base + (n++);
        }
        return name;
    }

    private static int indexOf(List<ColumnDef> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static long deleteRange(ReadView view, byte[] prefix, WriteBatch batch) {
        long n = 0;
        try (KvIterator it = view.scan(ScanRange.prefix(prefix))) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                batch.delete(kv.key());
                n++;
            }
        }
        return n;
    }
}
