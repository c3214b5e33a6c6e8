package io.distdb.bench;

import io.distdb.storage.Durability;
import io.distdb.storage.hashlog.HashLogOptions;
import io.distdb.storage.hashlog.HashLogStore;
import java.nio.file.Path;

/**
 * DistDB's hash log (Bitcask-style: every key in an in-memory keydir, one positional read per get) with no
 * fsync per write ({@link Durability#NONE}), as the LSM side. It has no block cache and keeps no key order:
 * only the fill and point-read workloads apply ({@code scan} throws).
 */
final class HashLogEngine extends KvStoreEngine<HashLogStore> {

    @Override
    protected HashLogStore openStore(Path dir, EngineSettings settings) {
        return HashLogStore.open(dir, HashLogOptions.builder().durability(Durability.NONE).build());
    }

    @Override
    public void awaitCompactions() {
        // Merges start on their own when dead bytes pass the trigger; a fill of distinct keys leaves none.
    }

    @Override
    public void compactAll() {
        store.merge();
    }
}
