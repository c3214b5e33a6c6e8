package io.distdb.server.sql.exec;

import io.distdb.server.sql.SqlErrors;
import io.distdb.server.sql.SqlResult;
import io.distdb.server.sql.catalog.Catalog;
import io.distdb.server.sql.catalog.ColumnDef;
import io.distdb.server.sql.catalog.IndexDef;
import io.distdb.server.sql.catalog.SqlType;
import io.distdb.server.sql.catalog.TableDef;
import io.distdb.server.sql.codec.Keys;
import io.distdb.server.sql.codec.RowCodec;
import io.distdb.server.sql.expr.Names;
import io.distdb.server.sql.expr.Values;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;
import io.distdb.storage.WriteBatch;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.table.Index;
import net.sf.jsqlparser.statement.drop.Drop;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CREATE/DROP TABLE and INDEX. Each statement writes its catalog change and its data change (index
 * build, row removal) in one batch, then publishes the new definition. Callers hold the write lock.
 */
public final class DdlExecutor {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,127}");

    private final KvStore store;
    private final Catalog catalog;
    private final RowCodec codec;

    public DdlExecutor(KvStore store, Catalog catalog, RowCodec codec) {
        this.store = store;
        this.catalog = catalog;
        this.codec = codec;
    }

    public SqlResult createTable(CreateTable create) {
        if (create.getSelect() != null || create.getLikeTable() != null) {
            throw SqlErrors.unsupported("CREATE TABLE ... AS SELECT / LIKE");
        }
        if (create.getTable().getSchemaName() != null) {
            throw SqlErrors.error("tables cannot be created in schema '" + create.getTable().getSchemaName()
                    + "' (documents.<collection> tables are views of the documents API)");
        }
        String name = checkName(Names.normalize(create.getTable().getName()), "table");
        if (catalog.table(name) != null) {
            if (create.isIfNotExists()) {
                return SqlResult.affected(0);
            }
            throw SqlErrors.error("table '" + name + "' already exists");
        }
        if (create.getColumnDefinitions() == null || create.getColumnDefinitions().isEmpty()) {
            throw SqlErrors.error("a table needs at least one column");
        }
        List<ColumnDef> columns = new ArrayList<>();
        List<String> primaryKey = new ArrayList<>();
        List<List<String>> uniques = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ColumnDefinition cd : create.getColumnDefinitions()) {
            String column = checkName(Names.normalize(cd.getColumnName()), "column");
            if (!names.add(column)) {
                throw SqlErrors.error("column '" + column + "' is declared twice");
            }
            SqlType.Declared type = SqlType.parse(cd.getColDataType().toString());
            boolean notNull = false;
            List<String> specs = cd.getColumnSpecs() == null ? List.of()
                    : cd.getColumnSpecs().stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
            for (int i = 0; i < specs.size(); i++) {
                String spec = specs.get(i);
                String next = i + 1 < specs.size() ? specs.get(i + 1) : "";
                if (spec.equals("PRIMARY") && next.equals("KEY")) {
                    if (!primaryKey.isEmpty()) {
                        throw SqlErrors.error("table '" + name + "' declares more than one primary key");
                    }
                    primaryKey.add(column);
                    notNull = true;
                    i++;
                } else if (spec.equals("NOT") && next.equals("NULL")) {
                    notNull = true;
                    i++;
                } else if (spec.equals("UNIQUE")) {
                    uniques.add(List.of(column));
                } else if (!spec.equals("NULL")) {
                    throw SqlErrors.unsupported("column option " + String.join(" ", cd.getColumnSpecs()));
                }
            }
            columns.add(new ColumnDef(column, type.type(), notNull, type.maxLength(), false));
        }
        if (create.getIndexes() != null) {
            for (Index constraint : create.getIndexes()) {
                String kind = constraint.getType() == null ? "" : constraint.getType().toUpperCase(Locale.ROOT);
                List<String> cols = constraint.getColumnsNames().stream().map(Names::normalize).toList();
                for (String c : cols) {
                    if (!names.contains(c)) {
                        throw new io.distdb.server.api.ApiException(400, SqlErrors.UNKNOWN_COLUMN,
                                "constraint names column '" + c + "', which table '" + name + "' does not have");
                    }
                }
                if (kind.equals("PRIMARY KEY")) {
                    if (!primaryKey.isEmpty()) {
                        throw SqlErrors.error("table '" + name + "' declares more than one primary key");
                    }
                    primaryKey.addAll(cols);
                } else if (kind.equals("UNIQUE") || kind.equals("UNIQUE KEY") || kind.equals("UNIQUE INDEX")) {
                    uniques.add(cols);
                } else {
                    throw SqlErrors.unsupported("table constraint " + constraint.getType() + " (only PRIMARY KEY and UNIQUE are)");
                }
            }
        }
        if (new HashSet<>(primaryKey).size() != primaryKey.size()) {
            throw SqlErrors.error("a primary key column is listed twice");
        }
        if (primaryKey.isEmpty()) {
            columns.add(new ColumnDef(ColumnDef.ROW_ID, SqlType.BIGINT, true, 0, true));
            primaryKey.add(ColumnDef.ROW_ID);
        } else {
            for (int i = 0; i < columns.size(); i++) {
                ColumnDef c = columns.get(i);
                if (primaryKey.contains(c.name()) && !c.notNull()) {
                    columns.set(i, new ColumnDef(c.name(), c.type(), true, c.maxLength(), false));
                }
            }
        }
        WriteBatch batch = new WriteBatch();
        int id = catalog.allocateId(batch);
        List<IndexDef> indexes = new ArrayList<>();
        for (List<String> cols : uniques) {
            String indexName = name + "_" + String.join("_", cols) + "_key";
            if (catalog.tableOfIndex(indexName) != null || indexes.stream().anyMatch(i -> i.name().equals(indexName))) {
                throw SqlErrors.error("index '" + indexName + "' already exists");
            }
            indexes.add(new IndexDef(catalog.allocateId(batch), indexName, cols, IndexDef.Kind.BTREE, true));
        }
        TableDef table = new TableDef(id, name, columns, primaryKey, indexes, false);
        catalog.stagePut(table, batch);
        store.write(batch);
        catalog.publish(table);
        return SqlResult.affected(0);
    }

    public SqlResult createIndex(CreateIndex create) {
        Index spec = create.getIndex();
        if (spec.getName() == null) {
            throw SqlErrors.error("CREATE INDEX needs an index name");
        }
        String name = checkName(Names.normalize(spec.getName()), "index");
        TableDef table = Tables.resolve(catalog, create.getTable());
        if (table.documents()) {
            throw SqlErrors.unsupported("indexes on documents.<collection> tables");
        }
        if (catalog.tableOfIndex(name) != null) {
            if (create.isUsingIfNotExists()) {
                return SqlResult.affected(0);
            }
            throw SqlErrors.error("index '" + name + "' already exists");
        }
        List<String> columns = new ArrayList<>();
        for (String c : spec.getColumnsNames()) {
            String column = Names.normalize(c);
            int slot = table.columnIndex(column);
            if (slot < 0 || table.column(slot).hidden()) {
                throw new io.distdb.server.api.ApiException(400, SqlErrors.UNKNOWN_COLUMN,
                        "column '" + column + "' does not exist in table '" + table.name() + "'");
            }
            if (columns.contains(column)) {
                throw SqlErrors.error("column '" + column + "' is indexed twice");
            }
            columns.add(column);
        }
        boolean unique = spec.getType() != null && spec.getType().toUpperCase(Locale.ROOT).contains("UNIQUE");
        if (spec.getType() != null && !unique) {
            throw SqlErrors.unsupported("index type " + spec.getType());
        }
        IndexDef.Kind kind = kind(create);
        WriteBatch batch = new WriteBatch();
        IndexDef index = new IndexDef(catalog.allocateId(batch), name, columns, kind, unique);
        TableDef updated = table.withIndex(index);
        // Build from the existing rows in the same batch as the catalog change.
        Set<List<Object>> seen = new HashSet<>();
        int[] slots = table.slots(columns);
        try (KvIterator it = store.scan(ScanRange.prefix(Keys.tablePrefix(table.id())))) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                Object[] row = codec.decode(kv.value(), table.columns().size());
                List<Object> values = RowWriter.values(row, slots);
                if (unique && !values.contains(null) && !seen.add(Values.keyOf(values.toArray()))) {
                    throw SqlErrors.constraint("cannot create unique index " + name + ": duplicate value "
                            + values.stream().map(Values::display).toList());
                }
                batch.put(RowWriter.indexKey(table, index, row), new byte[0]);
            }
        }
        catalog.stagePut(updated, batch);
        store.write(batch);
        catalog.publish(updated);
        return SqlResult.affected(0);
    }

    private static IndexDef.Kind kind(CreateIndex create) {
        String using = create.getIndex().getUsing();
        List<String> tail = create.getTailParameters();
        if (using == null && tail != null) {
            for (int i = 0; i + 1 < tail.size(); i++) {
                if (tail.get(i).equalsIgnoreCase("USING")) {
                    using = tail.get(i + 1);
                }
            }
        }
        if (using == null) {
            return IndexDef.Kind.BTREE;
        }
        return switch (using.toUpperCase(Locale.ROOT)) {
            case "BTREE", "B-TREE" -> IndexDef.Kind.BTREE;
            case "HASH" -> IndexDef.Kind.HASH;
            default -> throw SqlErrors.unsupported("index method " + using + " (use BTREE or HASH)");
        };
    }

    public SqlResult drop(Drop drop) {
        String type = drop.getType().toUpperCase(Locale.ROOT);
        return switch (type) {
            case "TABLE" -> dropTable(drop);
            case "INDEX" -> dropIndex(drop);
            default -> throw SqlErrors.unsupported("DROP " + drop.getType());
        };
    }

    private SqlResult dropTable(Drop drop) {
        if (drop.getName().getSchemaName() != null) {
            throw SqlErrors.error("documents.<collection> tables cannot be dropped from SQL");
        }
        String name = Names.normalize(drop.getName().getName());
        TableDef table = catalog.table(name);
        if (table == null) {
            if (drop.isIfExists()) {
                return SqlResult.affected(0);
            }
            throw SqlErrors.unknownTable(name);
        }
        WriteBatch batch = new WriteBatch();
        long rows = deleteRange(Keys.tablePrefix(table.id()), batch);
        for (IndexDef index : table.indexes()) {
            deleteRange(Keys.indexPrefix(index.id()), batch);
        }
        catalog.stageDrop(table, batch);
        store.write(batch);
        catalog.forget(table);
        return SqlResult.affected(rows);
    }

    private SqlResult dropIndex(Drop drop) {
        String name = Names.normalize(drop.getName().getName());
        TableDef table = catalog.tableOfIndex(name);
        List<String> params = drop.getParameters();
        if (params != null && params.size() == 2 && params.get(0).equalsIgnoreCase("ON")) {
            String on = Names.normalize(params.get(1));
            if (catalog.table(on) == null) {
                throw SqlErrors.unknownTable(on);
            }
            if (table != null && !table.name().equals(on)) {
                throw SqlErrors.error("index '" + name + "' belongs to table '" + table.name() + "', not '" + on + "'");
            }
        } else if (params != null && !params.isEmpty()) {
            throw SqlErrors.unsupported("DROP INDEX options " + params);
        }
        if (table == null) {
            if (drop.isIfExists()) {
                return SqlResult.affected(0);
            }
            throw SqlErrors.error("index '" + name + "' does not exist");
        }
        IndexDef index = table.index(name);
        WriteBatch batch = new WriteBatch();
        deleteRange(Keys.indexPrefix(index.id()), batch);
        TableDef updated = table.withIndexes(table.indexes().stream().filter(i -> !i.name().equals(name)).toList());
        catalog.stagePut(updated, batch);
        store.write(batch);
        catalog.publish(updated);
        return SqlResult.affected(0);
    }

    private long deleteRange(byte[] prefix, WriteBatch batch) {
        long n = 0;
        try (KvIterator it = store.scan(ScanRange.prefix(prefix))) {
            while (it.hasNext()) {
                batch.delete(it.next().key());
                n++;
            }
        }
        return n;
    }

    private static String checkName(String name, String what) {
        if (!NAME.matcher(name).matches()) {
            throw SqlErrors.error(what + " names are 1 to 128 letters, digits or underscores, starting with a letter or underscore: '" + name + "'");
        }
        if (name.equals(ColumnDef.ROW_ID)) {
            throw SqlErrors.error("'" + ColumnDef.ROW_ID + "' is reserved for the generated row id");
        }
        return name;
    }
}
