package io.distdb.server.kv;

import io.distdb.server.replication.ClusterKvStore;
import io.distdb.server.store.ClientLimits;
import io.distdb.server.store.JsonValues;
import io.distdb.server.store.Namespace;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Seed 001 key-value entries: {@code KV <key bytes>} → the entry as JSON. */
@Singleton
public class KvEntryStore {

    private final ClusterKvStore store;
    private final JsonValues json;
    private final ClientLimits limits;

    public KvEntryStore(ClusterKvStore store, JsonValues json, ClientLimits limits) {
        this.store = store;
        this.json = json;
        this.limits = limits;
    }

    public void put(byte[] key, KvEntry entry) {
        limits.checkKey("key", key);
        byte[] value = json.toBytes(entry);
        limits.checkValue("value", value);
        store.put(storeKey(key), value);
    }

    /** The entry, or {@code null}. */
    public KvEntry get(byte[] key) {
        limits.checkKey("key", key);
        byte[] value = store.get(storeKey(key));
        if (value == null) {
            return null;
        }
        return json.read(value, KvEntry.class);
    }

    /**
     * {@link #get} without a thread waiting ({@link ClusterKvStore#getAsync}); {@code diskReads} reads the
     * engine when memory cannot answer. The key is checked before it returns.
     */
    public CompletableFuture<KvEntry> getAsync(byte[] key, Executor diskReads) {
        limits.checkKey("key", key);
        return store.getAsync(storeKey(key), diskReads).thenApply(value -> value == null ? null : json.read(value, KvEntry.class));
    }

    /** Removes the entry; {@code false} if there was none. */
    public boolean delete(byte[] key) {
        limits.checkKey("key", key);
        byte[] storeKey = storeKey(key);
        if (store.get(storeKey) == null) {
            return false;
        }
        store.delete(storeKey);
        return true;
    }

    private static byte[] storeKey(byte[] key) {
        return Namespace.KV.key().raw(key).build();
    }
}
