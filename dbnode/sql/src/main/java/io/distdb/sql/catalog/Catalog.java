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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Table and view definitions, cached in memory and persisted in SQL_CATALOG. Loaded once at start-up; every
 * statement reads the cache (no store access), DDL stages its catalog changes into the same write batch
 * as its data and {@linkplain #publish publishes} them only after the batch is written. Mutations must
 * run under the engine's write lock. {@link #version()} changes with every published change, so cached
 * plans know when they are stale.
 */
public final class Catalog {

    private final KvStore store;
    private final ObjectMapper json;
    private final Map<String, TableDef> tables = new ConcurrentHashMap<>();
    private final Map<String, ViewDef> views = new ConcurrentHashMap<>();
    private final Map<Integer, Long> nextRowIds = new ConcurrentHashMap<>();
    /** Rows per table as this node's statements have counted them: the planner's simple statistics. */
    private final Map<Integer, AtomicLong> rowCounts = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
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
        try (KvIterator it = store.scan(ScanRange.prefix(Keys.viewCatalogPrefix()))) {
            while (it.hasNext()) {
                ViewDef view = json.readValue(it.next().value(), ViewDef.class);
                views.put(view.name(), view);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("stored SQL view definition is unreadable", e);
        }
        byte[] counter = store.get(Keys.nextIdKey());
        nextId = counter == null ? 1 : Keys.readLong8(counter);
        version.incrementAndGet();
    }

    public TableDef table(String name) {
        return tables.get(name);
    }

    public ViewDef view(String name) {
        return views.get(name);
    }

    public Collection<TableDef> tables() {
        return tables.values();
    }

    public Collection<ViewDef> views() {
        return views.values();
    }

    public long version() {
        return version.get();
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

    public void stagePutView(ViewDef view, WriteBatch batch) {
        try {
            batch.put(Keys.viewCatalogKey(view.name()), json.writeValueAsBytes(view));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void stageDropView(ViewDef view, WriteBatch batch) {
        batch.delete(Keys.viewCatalogKey(view.name()));
    }

    /** Makes a written definition visible to statements. */
    public void publish(TableDef table) {
        tables.put(table.name(), table);
        version.incrementAndGet();
    }

    public void publish(ViewDef view) {
        views.put(view.name(), view);
        version.incrementAndGet();
    }

    public void forget(TableDef table) {
        tables.remove(table.name());
        nextRowIds.remove(table.id());
        rowCounts.remove(table.id());
        version.incrementAndGet();
    }

    public void forget(ViewDef view) {
        views.remove(view.name());
        version.incrementAndGet();
    }

    /** The planner's estimate of a table's rows (1000 until this node has counted its writes). */
    public long estimatedRows(TableDef table) {
        AtomicLong n = rowCounts.get(table.id());
        return n == null ? 1000 : Math.max(1, n.get());
    }

    /** Counts rows a statement added (negative: removed), for {@link #estimatedRows}. */
    public void countRows(TableDef table, long delta) {
        rowCounts.computeIfAbsent(table.id(), id -> new AtomicLong()).addAndGet(delta);
    }

    /** Forgets what was counted of {@code table} (after TRUNCATE: it is empty). */
    public void resetCount(TableDef table) {
        rowCounts.put(table.id(), new AtomicLong());
    }
}
