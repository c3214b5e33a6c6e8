package io.distdb.sql.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Table and view definitions as this node holds them: an immutable copy of what the {@link CatalogStore}
 * keeps, replaced whenever the store changes (through this node or another), so every statement reads
 * one consistent catalog without touching the store. DDL computes an {@link Edit} from the version it
 * read and {@linkplain #commit commits} it only if nobody changed the catalog in between.
 *
 * <p>{@link #version()} changes with every committed change, so cached plans know when they are stale.
 */
public final class Catalog {

    /** The counter of table and index ids. */
    public static final String NEXT_ID = "next-id";
    /** The counters of generated row ids, one per table: {@code rowid/<table id>}. */
    public static final String ROW_ID_PREFIX = "rowid/";
    /** Row ids a node reserves at a time: an INSERT takes them from memory, not from the store. */
    static final long ROW_ID_BLOCK = 1000;

    private static final String TABLE = "table/";
    private static final String VIEW = "view/";

    private record State(long version, Map<String, TableDef> tables, Map<String, ViewDef> views) {
    }

    /** A block of reserved row ids: {@code next} up to, not including, {@code end}. */
    private static final class RowIdBlock {
        long next;
        long end;
    }

    private final CatalogStore store;
    private final ObjectMapper json;
    private final Map<Integer, RowIdBlock> rowIds = new ConcurrentHashMap<>();
    /** Rows per table as this node's statements have counted them: the planner's simple statistics. */
    private final Map<Integer, AtomicLong> rowCounts = new ConcurrentHashMap<>();
    private volatile State state;

    public Catalog(CatalogStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
        this.state = parse(store.read());
        store.onChange(this::refresh);
    }

    private State parse(CatalogStore.Contents contents) {
        Map<String, TableDef> tables = new HashMap<>();
        Map<String, ViewDef> views = new HashMap<>();
        try {
            for (Map.Entry<String, byte[]> e : contents.entries().entrySet()) {
                if (e.getKey().startsWith(TABLE)) {
                    TableDef t = json.readValue(e.getValue(), TableDef.class);
                    tables.put(t.name(), t);
                } else if (e.getKey().startsWith(VIEW)) {
                    ViewDef v = json.readValue(e.getValue(), ViewDef.class);
                    views.put(v.name(), v);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a stored SQL definition is unreadable", e);
        }
        return new State(contents.version(), Map.copyOf(tables), Map.copyOf(views));
    }

    /**
     * Reads the store again and, if it moved on, parses its definitions (called by the store after every
     * change, and by a commit, which may run before the store's own call: the second finds nothing new).
     */
    public synchronized void refresh() {
        CatalogStore.Contents contents = store.read();
        if (contents.version() != state.version()) {
            state = parse(contents);
        }
    }

    /** The version of the definitions this node holds now: what a statement's names are resolved against. */
    public long version() {
        return state.version();
    }

    /** Waits until this node holds every change committed anywhere before the call. */
    public void sync() {
        store.sync();
        refresh();
    }

    /**
     * {@link #sync()}, then whether this node's definitions differ from version {@code seen}, the version a failed
     * attempt resolved its names against. Measured from {@code seen}, not from the call: a change that arrived
     * between the attempt and this call (applied by the store's own listener) is just as new to that attempt.
     */
    public boolean syncSince(long seen) {
        sync();
        return state.version() != seen;
    }

    public TableDef table(String name) {
        return state.tables().get(name);
    }

    public ViewDef view(String name) {
        return state.views().get(name);
    }

    public Collection<TableDef> tables() {
        return state.tables().values();
    }

    public Collection<ViewDef> views() {
        return state.views().values();
    }

    /** The table that owns the index, or {@code null}. Index names are unique across the database. */
    public TableDef tableOfIndex(String indexName) {
        for (TableDef t : state.tables().values()) {
            if (t.index(indexName) != null) {
                return t;
            }
        }
        return null;
    }

    /** A new table or index id, unique across the cluster. */
    public int allocateId() {
        long id = store.allocate(NEXT_ID, 1);
        if (id > Integer.MAX_VALUE) {
            throw new IllegalStateException("table and index ids exhausted");
        }
        return (int) id;
    }

    /**
     * The first of {@code count} new generated row ids of a table. Ids come from a block this node reserved,
     * so they are unique across the cluster and increase on each node, with gaps, like a sequence's cache.
     */
    public long allocateRowIds(TableDef table, int count) {
        RowIdBlock block = rowIds.computeIfAbsent(table.id(), id -> new RowIdBlock());
        synchronized (block) {
            if (block.end - block.next < count) {
                long size = Math.max(count, ROW_ID_BLOCK);
                block.next = store.allocate(ROW_ID_PREFIX + table.id(), size);
                block.end = block.next + size;
            }
            long first = block.next;
            block.next += count;
            return first;
        }
    }

    /** A change to the catalog, computed from the version it was read at. */
    public Edit edit() {
        return new Edit(state.version());
    }

    /**
     * Commits {@code edit} if the catalog is still at the version it was computed from; when it returns
     * true, the change is visible to statements on this node (and on every node the store could reach).
     */
    public boolean commit(Edit edit) {
        if (edit.isEmpty()) {
            return true;
        }
        long version = store.commit(edit.baseVersion, edit.puts, edit.deletes);
        if (version < 0) {
            return false;
        }
        refresh();
        edit.dropped.forEach(id -> {
            rowIds.remove(id);
            rowCounts.remove(id);
        });
        return true;
    }

    /** Definitions to write and remove, all or nothing. */
    public final class Edit {
        private final long baseVersion;
        private final Map<String, byte[]> puts = new HashMap<>();
        private final Set<String> deletes = new HashSet<>();
        private final Set<Integer> dropped = new HashSet<>();

        private Edit(long baseVersion) {
            this.baseVersion = baseVersion;
        }

        public Edit putTable(TableDef table) {
            put(TABLE + table.name(), table);
            return this;
        }

        public Edit dropTable(TableDef table) {
            remove(TABLE + table.name());
            dropped.add(table.id());
            return this;
        }

        /** Forgets the definition under {@code name} (a table renamed away from it). */
        public Edit dropTableName(String name) {
            remove(TABLE + name);
            return this;
        }

        public Edit putView(ViewDef view) {
            put(VIEW + view.name(), view);
            return this;
        }

        public Edit dropView(ViewDef view) {
            remove(VIEW + view.name());
            return this;
        }

        public boolean isEmpty() {
            return puts.isEmpty() && deletes.isEmpty();
        }

        private void put(String key, Object definition) {
            try {
                puts.put(key, json.writeValueAsBytes(definition));
                deletes.remove(key);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void remove(String key) {
            puts.remove(key);
            deletes.add(key);
        }
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
