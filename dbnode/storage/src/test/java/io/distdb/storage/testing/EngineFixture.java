package io.distdb.storage.testing;

import io.distdb.storage.Durability;
import io.distdb.storage.KvStore;
import io.distdb.storage.hashlog.HashLogOptions;
import io.distdb.storage.hashlog.HashLogStore;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import java.nio.file.Path;
import java.util.List;

/**
 * How the engine-independent tests (model test, crash test) open an engine and run its maintenance
 * (compaction or merge). Sizes are small so that flushes, compactions and segment roll-overs happen often.
 */
public enum EngineFixture {

    LSM {
        @Override
        public KvStore open(Path dir, Durability durability) {
            return LsmStore.open(dir, LsmOptions.builder()
                    .durability(durability)
                    .memtableBytes(8 * 1024)
                    .tableTargetBytes(4 * 1024)
                    .levelOneBytes(16 * 1024)
                    .blockBytes(256)
                    .blockCacheBytes(32 * 1024)
                    .build());
        }

        @Override
        public void maintain(KvStore store) {
            ((LsmStore) store).compactAll();
        }

        @Override
        public String dataFileSuffix() {
            return ".sst";
        }
    },

    HASHLOG {
        @Override
        public KvStore open(Path dir, Durability durability) {
            return HashLogStore.open(dir, HashLogOptions.builder()
                    .durability(durability)
                    .maxSegmentBytes(16 * 1024)
                    .build());
        }

        @Override
        public void maintain(KvStore store) {
            ((HashLogStore) store).merge();
        }

        @Override
        public String dataFileSuffix() {
            return ".data";
        }
    };

    public abstract KvStore open(Path dir, Durability durability);

    /** Compaction or merge, run synchronously. */
    public abstract void maintain(KvStore store);

    /** Files that hold values once maintenance has run: where a corruption test damages bytes. */
    public abstract String dataFileSuffix();

    public static EngineFixture named(String name) {
        return valueOf(name);
    }

    public static List<EngineFixture> all() {
        return List.of(values());
    }
}
