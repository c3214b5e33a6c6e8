package io.distdb.storage.lsm;

import io.distdb.storage.KvStore;
import java.nio.file.Path;

/** The LSM-tree engine: the default, sorted, durable store of a data node. */
public abstract class LsmStore implements KvStore {

    /** Opens (creating if needed) the store in {@code directory}, recovering whatever a crash left. */
    public static LsmStore open(Path directory, LsmOptions options) {
        throw new UnsupportedOperationException("the LSM engine is being written");
    }

    /** Compacts every level down to the bottom, synchronously. */
    public abstract void compactAll();
}
