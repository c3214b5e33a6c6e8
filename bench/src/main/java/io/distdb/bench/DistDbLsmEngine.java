package io.distdb.bench;

import io.distdb.storage.Durability;
import io.distdb.storage.lsm.Compression;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import java.nio.file.Path;

/**
 * DistDB's LSM engine with the write-ahead log on and no fsync per write ({@link Durability#NONE}), the
 * same promise as RocksDB with {@code sync=false}. Engine {@code lsm} has no compression, like the RocksDB
 * side; {@code lsm-lz4} compresses its data blocks with LZ4 (the engine's default).
 */
final class DistDbLsmEngine extends KvStoreEngine<LsmStore> {

    private final Compression compression;

    DistDbLsmEngine(Compression compression) {
        this.compression = compression;
    }

    @Override
    protected LsmStore openStore(Path dir, EngineSettings settings) {
        return LsmStore.open(dir, LsmOptions.builder()
                .durability(Durability.NONE)
                .memtableBytes(settings.memtableBytes())
                .blockCacheBytes(settings.cacheBytes())
                .bloomBitsPerKey(settings.bloomBitsPerKey())
                .blockBytes(settings.blockBytes())
                .compression(compression)
                .build());
    }

    @Override
    public void awaitCompactions() {
        store.awaitBackgroundIdle();
    }

    @Override
    public void compactAll() {
        store.compactAll();
    }
}
