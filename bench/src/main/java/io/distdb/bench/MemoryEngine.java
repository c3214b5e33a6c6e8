package io.distdb.bench;

import java.nio.file.Path;

/** HARNESS SELF-CHECK ONLY (engine {@code memory}): drives {@link MemoryKvStore} through {@link KvStoreEngine}. */
final class MemoryEngine extends KvStoreEngine<MemoryKvStore> {

    @Override
    protected MemoryKvStore openStore(Path dir, EngineSettings settings) {
        return new MemoryKvStore();
    }

    @Override
    public void awaitCompactions() {
    }

    @Override
    public void compactAll() {
    }
}
