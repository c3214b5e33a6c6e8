package io.distdb.storage.lsm;

import io.distdb.storage.lsm.memtable.Memtable;
import io.distdb.storage.lsm.version.TableFile;
import io.distdb.storage.lsm.version.Version;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything a read needs, captured together: the active memtable, the immutable ones waiting for
 * flush (newest first), and the table version. Replaced as a whole on every memtable switch, flush and
 * compaction, so a reader never sees data moved twice or not at all. Reference-counted: while a reader
 * holds it, its tables are not deleted.
 */
final class SuperVersion {

    final Memtable memtable;
    final List<Memtable> immutables;
    final Version version;
    private final AtomicInteger refs = new AtomicInteger(1);

    SuperVersion(Memtable memtable, List<Memtable> immutables, Version version) {
        this.memtable = memtable;
        this.immutables = List.copyOf(immutables);
        this.version = version;
        for (TableFile f : version.allFiles()) {
            f.ref();
        }
    }

    /** Takes a reference unless this super version has already been released. */
    boolean tryRef() {
        while (true) {
            int n = refs.get();
            if (n == 0) {
                return false;
            }
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void unref() {
        if (refs.decrementAndGet() == 0) {
            for (TableFile f : version.allFiles()) {
                f.unref();
            }
        }
    }
}
