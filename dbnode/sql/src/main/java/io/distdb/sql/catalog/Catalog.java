package io.distdb.sql.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.sql.codec.Keys;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;
import io.distdb.storage.WriteBatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Table definitions, cached in memory and persisted in SQL_CATALOG. Loaded once at start-up; every
 * statement reads the cache (no store access), DDL stages its catalog changes into the same write batch
 * as its data and {@linkplain #publish publishes} them only after the batch is written. Mutations must
 * run under the engine's write lock.
 */
public final class Catalog implements TableLookup {

    private final KvStore store;
    private final ObjectMapper json;
    private final Map<String, TableDef> tables = new ConcurrentHashMap<>();
    private final Map<Integer, Long> nextRowIds = new ConcurrentHashMap<>();
    private long nextId;

    public Catalog(KvStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
        load();
    }

    private void load() {
        try (KvIterator it = store.scan(ScanRange.prefix(Keys.tableCatalogPrefix()))) {
            while (it.hasNext()) {
                KeyValue entry = it.next();
                TableDef table = json.readValue(entry.value(), TableDef.class);
                tables.put(table.name(), table);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("stored SQL table definition is unreadable", e);
        }
        byte[] counter = store.get(Keys.nextIdKey());
        nextId = counter == null ? 1 : Keys.readLong8(counter);
    }

    @Override
    public TableDef table(String name) {
        return tables.get(name);
    }

    public Collection<TableDef> tables() {
        return tables.values();
    }

    /** The table that owns the index, or {@code null}. Index names are unique across the database. */
    public TableDef tableOfIndex(String indexName) {
        for (TableDef t : tables.values()) {
            if (t.index(indexName) != null) {
                return t;
            }
        }
        return null;
    }

    /** A new table or index id; the counter goes into {@code batch}. */
    public int allocateId(WriteBatch batch) {
        long id = nextId++;
        if (id > Integer.MAX_VALUE) {
            throw new IllegalStateException("table and index ids exhausted");
        }
        batch.put(Keys.nextIdKey(), Keys.long8(nextId));
        return (int) id;
    }

    /** The first of {@code count} new generated row ids of a table; the counter goes into {@code batch}. */
    public long allocateRowIds(TableDef table, int count, WriteBatch batch) {
        long first = nextRowIds.computeIfAbsent(table.id(), id -> {
            byte[] stored = store.get(Keys.rowIdKey(id));
            return stored == null ? 1L : Keys.readLong8(stored);
        });
        long next = first + count;
        nextRowIds.put(table.id(), next);
        batch.put(Keys.rowIdKey(table.id()), Keys.long8(next));
        return first;
    }

    public void stagePut(TableDef table, WriteBatch batch) {
        try {
            batch.put(Keys.tableCatalogKey(table.name()), json.writeValueAsBytes(table));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void stageDrop(TableDef table, WriteBatch batch) {
        batch.delete(Keys.tableCatalogKey(table.name()));
        batch.delete(Keys.rowIdKey(table.id()));
    }

    /** Makes a written definition visible to statements. */
    public void publish(TableDef table) {
        tables.put(table.name(), table);
    }

    public void forget(TableDef table) {
        tables.remove(table.name());
        nextRowIds.remove(table.id());
    }
}
