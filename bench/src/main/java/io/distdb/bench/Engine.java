package io.distdb.bench;

import io.distdb.storage.lsm.Compression;
import java.nio.file.Path;

/**
 * One storage engine under test, reduced to what the workloads need. An instance opens one database
 * once; all data methods may be called from several threads at once.
 */
interface Engine extends AutoCloseable {

    /** Receives the entries of a scan; the arrays belong to the receiver. */
    @FunctionalInterface
    interface EntryConsumer {
        void accept(byte[] key, byte[] value);
    }

    EntryConsumer DISCARD = (key, value) -> { };

    String KNOWN = "lsm, lsm-lz4, hashlog, rocksdb, memory";

    /** Whether the engine has ordered scans (the hash log has none: no seekrandom for it). */
    static boolean scans(String name) {
        return !name.equals("hashlog");
    }

    /** Creates (an empty directory) or reopens the database in {@code dir}. */
    void open(Path dir, EngineSettings settings);

    /** Called once on every client thread before it issues its first operation. */
    default void onClientThreadStart() {
    }

    void put(byte[] key, byte[] value);

    /** The value of {@code key}, or {@code null}. */
    byte[] get(byte[] key);

    /**
     * Seeks to the first key {@code >= from} (the first key if {@code from} is null) and hands up to
     * {@code limit} entries, in key order, to {@code consumer}; returns how many it handed over.
     */
    int scan(byte[] from, int limit, EntryConsumer consumer);

    /** Writes every memtable to disk and returns once it is there. */
    void flush();

    /** Returns once no flush or compaction is running or pending. */
    void awaitCompactions();

    /** Compacts everything down to the last level, synchronously. */
    void compactAll();

    @Override
    void close();

    /** What reports call the engine a run names; fails on an unknown name. */
    static String label(String name) {
        return switch (name) {
            case "lsm" -> "DistDB LSM";
            case "lsm-lz4" -> "DistDB LSM (LZ4 blocks)";
            case "hashlog" -> "DistDB hash log";
            case "rocksdb" -> "RocksDB";
            case "memory" -> "memory (harness self-check, not a peer)";
            default -> throw new IllegalArgumentException("unknown engine " + name + "; known: " + KNOWN);
        };
    }

    /** The label of a table column. */
    static String shortLabel(String name) {
        return switch (name) {
            case "lsm" -> "DistDB";
            case "lsm-lz4" -> "DistDB-LZ4";
            case "hashlog" -> "HashLog";
            case "memory" -> "memory(self-check)";
            default -> label(name);
        };
    }

    static Engine create(String name) {
        return switch (name) {
            case "lsm" -> new DistDbLsmEngine(Compression.NONE);
            case "lsm-lz4" -> new DistDbLsmEngine(Compression.LZ4);
            case "hashlog" -> new HashLogEngine();
            case "rocksdb" -> new RocksDbEngine();
            case "memory" -> new MemoryEngine();
            default -> throw new IllegalArgumentException("unknown engine " + name + "; known: " + KNOWN);
        };
    }
}
