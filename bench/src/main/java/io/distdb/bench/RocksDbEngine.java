package io.distdb.bench;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import org.rocksdb.AbstractNativeReference;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.PerfLevel;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * RocksDB tuned like the DistDB side: WAL on without sync, no compression on any level, the same
 * memtable and LRU block cache sizes, 10-bit Bloom filters, 4 KB blocks, no statistics and no perf
 * counters. Everything else, compaction included, is RocksDB's default.
 */
final class RocksDbEngine implements Engine {

    private static final String[] BACKGROUND_WORK_PROPERTIES = {
        "rocksdb.mem-table-flush-pending", "rocksdb.num-running-flushes",
        "rocksdb.compaction-pending", "rocksdb.num-running-compactions"};

    static {
        RocksDB.loadLibrary();
    }

    private final Deque<AbstractNativeReference> resources = new ArrayDeque<>();
    private RocksDB db;
    private WriteOptions writeOptions;
    private ReadOptions readOptions;

    static String version() {
        return RocksDB.rocksdbVersion().toString();
    }

    @Override
    public void open(Path dir, EngineSettings settings) {
        LRUCache cache = keep(new LRUCache(settings.cacheBytes()));
        BloomFilter bloom = keep(new BloomFilter(settings.bloomBitsPerKey(), false));
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setFilterPolicy(bloom)
                .setBlockSize(settings.blockBytes());
        Options options = keep(new Options());
        options.setCreateIfMissing(true)
                .setWriteBufferSize(settings.memtableBytes())
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setCompressionPerLevel(Collections.nCopies(options.numLevels(), CompressionType.NO_COMPRESSION))
                .setBottommostCompressionType(CompressionType.NO_COMPRESSION)
                .setTableFormatConfig(table)
                .setStatsDumpPeriodSec(0)
                .setStatsPersistPeriodSec(0);
        writeOptions = keep(new WriteOptions().setSync(false).setDisableWAL(false));
        readOptions = keep(new ReadOptions());
        try {
            db = RocksDB.open(options, dir.toString());
        } catch (RocksDBException e) {
            close();
            throw failure("open " + dir, e);
        }
    }

    /** Perf counters are per thread in RocksDB and on (counting) by default. */
    @Override
    public void onClientThreadStart() {
        db.setPerfLevel(PerfLevel.DISABLE);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        try {
            db.put(writeOptions, key, value);
        } catch (RocksDBException e) {
            throw failure("put", e);
        }
    }

    @Override
    public byte[] get(byte[] key) {
        try {
            return db.get(readOptions, key);
        } catch (RocksDBException e) {
            throw failure("get", e);
        }
    }

    @Override
    public int scan(byte[] from, int limit, EntryConsumer consumer) {
        try (RocksIterator it = db.newIterator(readOptions)) {
            if (from == null) {
                it.seekToFirst();
            } else {
                it.seek(from);
            }
            int n = 0;
            for (; n < limit && it.isValid(); it.next()) {
                consumer.accept(it.key(), it.value());
                n++;
            }
            it.status();
            return n;
        } catch (RocksDBException e) {
            throw failure("scan", e);
        }
    }

    @Override
    public void flush() {
        try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
            db.flush(options);
        } catch (RocksDBException e) {
            throw failure("flush", e);
        }
    }

    @Override
    public void awaitCompactions() {
        try {
            while (backgroundWork() > 0) {
                Thread.sleep(50);
            }
        } catch (RocksDBException e) {
            throw failure("read compaction state", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for compactions", e);
        }
    }

    private long backgroundWork() throws RocksDBException {
        long work = 0;
        for (String property : BACKGROUND_WORK_PROPERTIES) {
            work += db.getLongProperty(property);
        }
        return work;
    }

    @Override
    public void compactAll() {
        try {
            db.compactRange();
        } catch (RocksDBException e) {
            throw failure("compact", e);
        }
    }

    @Override
    public void close() {
        if (db != null) {
            db.close();
            db = null;
        }
        while (!resources.isEmpty()) {
            resources.pop().close();
        }
    }

    private <T extends AbstractNativeReference> T keep(T resource) {
        resources.push(resource);
        return resource;
    }

    private static IllegalStateException failure(String what, RocksDBException e) {
        return new IllegalStateException("RocksDB " + what + " failed: " + e.getMessage(), e);
    }
}
