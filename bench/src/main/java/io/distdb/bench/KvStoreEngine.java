package io.distdb.bench;

import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;
import java.nio.file.Path;

/** Runs the workloads on any DistDB {@link KvStore}, through its public API only. */
abstract class KvStoreEngine<S extends KvStore> implements Engine {

    protected S store;

    protected abstract S openStore(Path dir, EngineSettings settings);

    @Override
    public void open(Path dir, EngineSettings settings) {
        store = openStore(dir, settings);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        store.put(key, value);
    }

    @Override
    public byte[] get(byte[] key) {
        return store.get(key);
    }

    @Override
    public int scan(byte[] from, int limit, EntryConsumer consumer) {
        ScanRange range = ScanRange.between(from, null);
        try (KvIterator it = store.scan(limit == ScanRange.NO_LIMIT ? range : range.limit(limit))) {
            int n = 0;
            while (n < limit && it.hasNext()) {
                KeyValue entry = it.next();
                consumer.accept(entry.key(), entry.value());
                n++;
            }
            return n;
        }
    }

    @Override
    public void flush() {
        store.flush();
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
