package io.distdb.sql.codec;

import io.distdb.sql.catalog.Catalog;
import io.distdb.sql.catalog.CatalogStore;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;
import io.distdb.storage.WriteBatch;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The catalog of a standalone engine, kept in its own store under the catalog keys of {@link Keys}: one
 * process owns the store, so a version counter in memory is enough to detect a concurrent change.
 */
public final class KvCatalogStore implements CatalogStore {

    private static final String TABLE = "table/";
    private static final String VIEW = "view/";

    private final KvStore store;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private long version = 1;

    public KvCatalogStore(KvStore store) {
        this.store = store;
    }

    @Override
    public synchronized Contents read() {
        Map<String, byte[]> entries = new HashMap<>();
        readPrefix(Keys.tableCatalogPrefix(), TABLE, entries);
        readPrefix(Keys.viewCatalogPrefix(), VIEW, entries);
        return new Contents(version, entries);
    }

    private void readPrefix(byte[] prefix, String kind, Map<String, byte[]> into) {
        try (KvIterator it = store.scan(ScanRange.prefix(prefix))) {
            while (it.hasNext()) {
                KeyValue entry = it.next();
                String name = new String(entry.key(), prefix.length, entry.key().length - prefix.length, StandardCharsets.UTF_8);
                into.put(kind + name, entry.value());
            }
        }
    }

    @Override
    public long commit(long expectedVersion, Map<String, byte[]> puts, Set<String> deletes) {
        synchronized (this) {
            if (expectedVersion != version) {
                return -1;
            }
            WriteBatch batch = new WriteBatch();
            for (String key : deletes) {
                batch.delete(storeKey(key));
            }
            puts.forEach((key, value) -> batch.put(storeKey(key), value));
            store.write(batch);
            version++;
        }
        listeners.forEach(Runnable::run);
        return version;
    }

    @Override
    public synchronized long allocate(String counter, long count) {
        byte[] key = counterKey(counter);
        byte[] stored = store.get(key);
        long first = stored == null ? 1 : Keys.readLong8(stored);
        store.put(key, Keys.long8(first + count));
        return first;
    }

    /** The next value {@link #allocate} would hand out, without reserving it. */
    public synchronized long peek(String counter) {
        byte[] stored = store.get(counterKey(counter));
        return stored == null ? 1 : Keys.readLong8(stored);
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private static byte[] storeKey(String key) {
        if (key.startsWith(TABLE)) {
            return Keys.tableCatalogKey(key.substring(TABLE.length()));
        }
        if (key.startsWith(VIEW)) {
            return Keys.viewCatalogKey(key.substring(VIEW.length()));
        }
        throw new IllegalArgumentException("not a catalog key: " + key);
    }

    /** Counters: {@code next-id} (table and index ids) and {@code rowid/<table id>} (generated row ids). */
    private static byte[] counterKey(String counter) {
        if (counter.equals(Catalog.NEXT_ID)) {
            return Keys.nextIdKey();
        }
        if (counter.startsWith(Catalog.ROW_ID_PREFIX)) {
            return Keys.rowIdKey(Integer.parseInt(counter.substring(Catalog.ROW_ID_PREFIX.length())));
        }
        throw new IllegalArgumentException("not a catalog counter: " + counter);
    }
}
