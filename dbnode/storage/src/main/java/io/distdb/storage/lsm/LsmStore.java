package io.distdb.storage.lsm;

import io.distdb.storage.CorruptionException;
import io.distdb.storage.DirectoryLock;
import io.distdb.storage.Durability;
import io.distdb.storage.KvIterator;
import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;
import io.distdb.storage.Snapshot;
import io.distdb.storage.StorageException;
import io.distdb.storage.StoreStats;
import io.distdb.storage.SyncListener;
import io.distdb.storage.WriteBatch;
import io.distdb.storage.internal.DaemonThreads;
import io.distdb.storage.internal.Directories;
import io.distdb.storage.lsm.compaction.Compaction;
import io.distdb.storage.lsm.compaction.CompactionJob;
import io.distdb.storage.lsm.compaction.CompactionPicker;
import io.distdb.storage.lsm.memtable.Memtable;
import io.distdb.storage.lsm.memtable.Memtable.Lookup;
import io.distdb.storage.lsm.table.BlockCache;
import io.distdb.storage.lsm.table.BloomFilter;
import io.distdb.storage.lsm.table.FilterCounters;
import io.distdb.storage.lsm.table.TableBuilder;
import io.distdb.storage.lsm.table.TableCache;
import io.distdb.storage.lsm.version.FileNames;
import io.distdb.storage.lsm.version.LevelIterator;
import io.distdb.storage.lsm.version.Manifest;
import io.distdb.storage.lsm.version.TableFile;
import io.distdb.storage.lsm.version.Version;
import io.distdb.storage.lsm.wal.BatchCodec;
import io.distdb.storage.lsm.wal.LogReader;
import io.distdb.storage.lsm.wal.LogWriter;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The LSM-tree engine: the default, sorted, durable store of a data node.
 *
 * <p>Writes go to a write-ahead log and a memtable. Concurrent writers are grouped: the first in line
 * writes the whole group as one log record with one fsync (group commit) and applies it to the
 * memtable, then publishes the group's sequence numbers, so readers see a batch entirely or not at all.
 * A full memtable becomes immutable and a flush thread writes it to a level-0 table; a compaction thread
 * merges tables down the levels. Writers wait (back-pressure) when flushes or level-0 compactions fall
 * behind, so memory stays bounded.
 */
public final class LsmStore implements KvStore {

    private static final System.Logger LOG = System.getLogger(LsmStore.class.getName());
    private static final long MAX_GROUP_BYTES = 1 << 20;

    private final Path dir;
    private final LsmOptions options;
    private final DirectoryLock lock;
    private final BlockCache blockCache;
    private final TableCache tableCache;
    private final CompactionPicker picker;
    private final SnapshotList snapshots = new SnapshotList();

    /** Guards the writer queue, memtable switches, version installs and the manifest. */
    private final ReentrantLock mutex = new ReentrantLock();
    private final Condition backgroundProgress = mutex.newCondition();
    private final ArrayDeque<PendingWrite> writers = new ArrayDeque<>();
    /** Serialises compactions, background and manual. */
    private final ReentrantLock compactionLock = new ReentrantLock();

    private final AtomicLong nextFileNumber;
    private volatile long lastSequence;
    private volatile SuperVersion current;
    private Memtable memtable;
    private final List<Memtable> immutables = new ArrayList<>(); // oldest first
    private LogWriter log;
    /** Written under the mutex; read without it by the background threads' loops. */
    private volatile StorageException backgroundError;
    private volatile boolean closed;

    private final ExecutorService flushExecutor;
    private final ExecutorService compactionExecutor;
    private final ScheduledExecutorService syncExecutor;
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final AtomicBoolean compactionScheduled = new AtomicBoolean();

    private final FilterCounters filterCounters = new FilterCounters();
    /** Told each log fsync's duration; set by whoever watches the store, read on every sync. */
    private volatile SyncListener syncListener = SyncListener.NONE;
    private final AtomicLong flushes = new AtomicLong();
    private final AtomicLong compactions = new AtomicLong();
    private final AtomicLong compactionBytesRead = new AtomicLong();
    private final AtomicLong compactionBytesWritten = new AtomicLong();
    private final AtomicLong writeStalls = new AtomicLong();
    private final AtomicLong groupCommits = new AtomicLong();
    private final AtomicLong recoveredTailBytesDropped = new AtomicLong();
    private final AtomicLong filteredKeys = new AtomicLong();
    private final AtomicLong dataBytesRaw = new AtomicLong();
    private final AtomicLong dataBytesStored = new AtomicLong();

    /** A writer waiting in line. */
    private static final class PendingWrite {
        final WriteBatch batch;
        final Condition turn;
        /** A flush waiting for its turn: never taken into another writer's group. */
        final boolean barrier;
        boolean done;
        RuntimeException error;

        PendingWrite(WriteBatch batch, Condition turn, boolean barrier) {
            this.batch = batch;
            this.turn = turn;
            this.barrier = barrier;
        }
    }

    private LsmStore(Path dir, LsmOptions options, DirectoryLock lock) {
        this.dir = dir;
        this.options = options;
        this.lock = lock;
        this.blockCache = new BlockCache(options.blockCacheBytes());
        this.tableCache = new TableCache(options.channels(), blockCache, filterCounters, options.maxOpenTables());
        this.picker = new CompactionPicker(options);
        this.nextFileNumber = new AtomicLong(1);
        this.flushExecutor = Executors.newSingleThreadExecutor(DaemonThreads.named("lsm-flush"));
        this.compactionExecutor = Executors.newSingleThreadExecutor(DaemonThreads.named("lsm-compaction"));
        this.syncExecutor = options.durability() == Durability.INTERVAL
                ? Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lsm-log-sync")) : null;
    }

    /** Opens (creating if needed) the store in {@code directory}, recovering whatever a crash left. */
    public static LsmStore open(Path directory, LsmOptions options) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StorageException("cannot create store directory " + directory + ": " + e.getMessage(), e);
        }
        DirectoryLock lock = DirectoryLock.acquire(directory);
        LsmStore store = new LsmStore(directory, options, lock);
        try {
            store.recover();
        } catch (RuntimeException e) {
            store.shutdownThreads();
            store.closeTables();
            lock.close();
            throw e;
        }
        return store;
    }

    // ---------------------------------------------------------------- recovery

    private void recover() {
        Version version = Version.empty();
        long logNumber = 0;
        if (Manifest.exists(dir)) {
            Manifest.State state = Manifest.read(options.channels(), dir);
            nextFileNumber.set(state.nextFileNumber());
            logNumber = state.logNumber();
            lastSequence = state.lastSequence();
            version = openTables(state);
        }
        // New numbers start past every table and log on disk, so an unlisted table that cannot be deleted
        // (left by a flush or compaction whose manifest write failed) is never overwritten or reused.
        for (Path p : listDir()) {
            OptionalLong n = FileNames.logNumber(p);
            if (n.isEmpty()) {
                n = FileNames.tableNumber(p);
            }
            if (n.isPresent()) {
                nextFileNumber.set(Math.max(nextFileNumber.get(), n.getAsLong() + 1));
            }
        }
        try {
            // The manifest just read may be a rename that a crash left not durable: were the deletions below
            // to survive a power loss and the rename not, the old manifest would name files that are gone.
            Directories.sync(options.channels(), dir);
        } catch (IOException e) {
            throw new StorageException("cannot sync store directory " + dir + ": " + e.getMessage(), e);
        }
        deleteObsoleteFiles(version, logNumber);
        List<Long> logs = new ArrayList<>();
        for (Path p : listDir()) {
            OptionalLong n = FileNames.logNumber(p);
            if (n.isPresent()) {
                logs.add(n.getAsLong());
            }
        }
        logs.sort(null);
        current = new SuperVersion(new Memtable(0), List.of(), version);
        // Replay logs into memtables, writing a table whenever one fills up.
        Memtable replay = new Memtable(0);
        List<TableFile> recovered = new ArrayList<>();
        for (long n : logs) {
            Path path = FileNames.log(dir, n);
            Memtable[] target = {replay};
            LogReader.Result result = LogReader.read(options.channels(), path, payload -> {
                long last = BatchCodec.decode(payload, (seq, type, key, value) -> target[0].add(seq, type, key, value));
                lastSequence = Math.max(lastSequence, last);
                if (target[0].approximateBytes() >= options.memtableBytes()) {
                    recovered.add(writeLevelZeroTable(target[0]));
                    target[0] = new Memtable(0);
                }
            });
            replay = target[0];
            if (result.hasBadTail()) {
                long dropped = result.fileBytes() - result.validBytes();
                recoveredTailBytesDropped.addAndGet(dropped);
                LOG.log(Level.WARNING, "log " + path.getFileName() + ": " + result.records() + " records recovered; dropped "
                        + dropped + " bytes of torn or corrupt tail at offset " + result.validBytes());
            }
        }
        if (!replay.isEmpty()) {
            recovered.add(writeLevelZeroTable(replay));
        }
        long newLog = nextFileNumber.getAndIncrement();
        log = LogWriter.create(options.channels(), FileNames.log(dir, newLog));
        memtable = new Memtable(newLog);
        version = version.apply(List.of(), 0, recovered);
        writeManifest(version, newLog);
        SuperVersion initial = new SuperVersion(memtable, immutables, version);
        current.unref();
        current = initial;
        deleteLogsBelow(newLog); // their contents are in the tables just listed
        if (syncExecutor != null) {
            syncExecutor.scheduleWithFixedDelay(this::syncLogQuietly, options.syncIntervalMillis(),
                    options.syncIntervalMillis(), TimeUnit.MILLISECONDS);
        }
        maybeScheduleCompaction();
    }

    private Version openTables(Manifest.State state) {
        List<List<TableFile>> levels = new ArrayList<>();
        for (int i = 0; i < LsmOptions.MAX_LEVELS; i++) {
            levels.add(new ArrayList<>());
        }
        try {
            for (Manifest.FileEntry f : state.files()) {
                Path path = FileNames.table(dir, f.number());
                if (!Files.exists(path)) {
                    throw new CorruptionException("table " + path + " listed in the manifest is missing");
                }
                TableFile file = new TableFile(f.number(), f.sizeBytes(), f.entries(), f.smallest(), f.largest(), tableCache,
                        options.channels(), path);
                file.verify(); // a damaged footer, index or filter fails the open, as before the table cache
                levels.get(f.level()).add(file);
            }
        } catch (RuntimeException e) {
            tableCache.close();
            throw e;
        }
        return Version.of(levels);
    }

    private List<Path> listDir() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        } catch (IOException e) {
            throw new StorageException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes logs already captured in tables and tables no version lists: left by a crash mid-flush or
     * mid-compaction, or by a manifest write that failed.
     */
    private void deleteObsoleteFiles(Version version, long minLogNumber) {
        java.util.Set<Long> live = new java.util.HashSet<>();
        version.allFiles().forEach(f -> live.add(f.number()));
        for (Path p : listDir()) {
            OptionalLong logN = FileNames.logNumber(p);
            OptionalLong tableN = FileNames.tableNumber(p);
            boolean obsolete = (logN.isPresent() && logN.getAsLong() < minLogNumber)
                    || (tableN.isPresent() && !live.contains(tableN.getAsLong()));
            if (obsolete) {
                deleteQuietly(p);
            }
        }
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void put(byte[] key, byte[] value) {
        write(new WriteBatch().put(key, value));
    }

    @Override
    public void delete(byte[] key) {
        write(new WriteBatch().delete(key));
    }

    @Override
    public void write(WriteBatch batch) {
        options.limits().check(batch);
        ensureOpen();
        if (batch.isEmpty()) {
            return;
        }
        PendingWrite w = new PendingWrite(batch, mutex.newCondition(), false);
        mutex.lock();
        try {
            writers.addLast(w);
            while (!w.done && writers.peekFirst() != w) {
                w.turn.awaitUninterruptibly();
            }
            if (w.done) {
                if (w.error != null) {
                    throw w.error;
                }
                return;
            }
            leadGroup(w);
        } finally {
            mutex.unlock();
        }
    }

    /** Called with the mutex held by the writer at the head of the queue: commits it and those behind it. */
    private void leadGroup(PendingWrite leader) {
        RuntimeException error = null;
        PendingWrite last = leader;
        try {
            if (closed) {
                throw new IllegalStateException("store " + dir + " is closed");
            }
            makeRoomForWrite();
            List<WriteBatch> group = new ArrayList<>();
            long groupBytes = 0;
            long limit = leader.batch.approximateBytes() <= (128 << 10)
                    ? leader.batch.approximateBytes() + (128 << 10) : MAX_GROUP_BYTES;
            int ops = 0;
            for (PendingWrite pw : writers) {
                if (pw != leader && (pw.barrier || groupBytes + pw.batch.approximateBytes() > limit)) {
                    break;
                }
                group.add(pw.batch);
                groupBytes += pw.batch.approximateBytes();
                ops += pw.batch.size();
                last = pw;
            }
            long firstSequence = lastSequence + 1;
            byte[] record = BatchCodec.encode(group, firstSequence);
            Memtable target = memtable;
            LogWriter targetLog = log;
            // Only the leader writes the log and memtable; others queue behind it meanwhile.
            mutex.unlock();
            try {
                targetLog.append(record);
                if (options.durability() == Durability.SYNC) {
                    timedSync(targetLog);
                }
                long seq = firstSequence;
                for (WriteBatch b : group) {
                    for (WriteBatch.Op op : b.ops()) {
                        target.add(seq++, op.isDelete() ? InternalKey.TYPE_DELETE : InternalKey.TYPE_PUT, op.key(), op.value());
                    }
                }
            } finally {
                mutex.lock();
            }
            lastSequence = firstSequence + ops - 1;
            groupCommits.incrementAndGet();
        } catch (RuntimeException e) {
            error = e;
        }
        while (true) {
            PendingWrite ready = writers.pollFirst();
            if (ready != leader) {
                ready.error = error;
                ready.done = true;
                ready.turn.signal();
            }
            if (ready == last) {
                break;
            }
        }
        if (!writers.isEmpty()) {
            writers.peekFirst().turn.signal();
        }
        if (error != null) {
            throw error;
        }
    }

    /** With the mutex held: waits while flushes or level 0 are behind; switches a full memtable. */
    private void makeRoomForWrite() {
        boolean slowedDown = false;
        int slowdownTrigger = (options.levelZeroCompactionTrigger() + options.levelZeroStopTrigger()) / 2;
        while (true) {
            if (backgroundError != null) {
                throw new StorageException("store " + dir + " refuses writes after a background failure: "
                        + backgroundError.getMessage(), backgroundError);
            }
            if (closed) {
                throw new IllegalStateException("store " + dir + " is closed");
            }
            int levelZero = current.version.level(0).size();
            if (!slowedDown && levelZero >= slowdownTrigger && options.backgroundCompaction()) {
                // Spread the delay over many writes rather than stopping one for seconds.
                slowedDown = true;
                mutex.unlock();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    mutex.lock();
                }
                continue;
            }
            if (memtable.approximateBytes() < options.memtableBytes()) {
                return;
            }
            if (immutables.size() >= options.maxImmutableMemtables()) {
                writeStalls.incrementAndGet();
                scheduleFlush();
                backgroundProgress.awaitUninterruptibly();
                continue;
            }
            if (levelZero >= options.levelZeroStopTrigger() && options.backgroundCompaction()) {
                writeStalls.incrementAndGet();
                maybeScheduleCompaction();
                backgroundProgress.awaitUninterruptibly();
                continue;
            }
            switchMemtable();
            return;
        }
    }

    /**
     * With the mutex held: the active memtable becomes immutable and a new log starts. Everything that can
     * fail comes first (the old log's fsync, the new log and its directory entry), so a failure switches
     * nothing and the writer that asked for room gets the error.
     */
    private void switchMemtable() {
        LogWriter oldLog = log;
        timedSync(oldLog);
        long newLogNumber = nextFileNumber.getAndIncrement();
        Path newLogPath = FileNames.log(dir, newLogNumber);
        LogWriter newLog = LogWriter.create(options.channels(), newLogPath);
        try {
            // Writes fsync-ed into the new log would be lost with it if its directory entry were not durable.
            Directories.sync(options.channels(), dir);
        } catch (IOException e) {
            newLog.close();
            deleteQuietly(newLogPath);
            throw new StorageException("cannot make new log " + newLogPath + " durable: " + e.getMessage(), e);
        }
        oldLog.close();
        log = newLog;
        immutables.add(memtable);
        memtable = new Memtable(newLogNumber);
        installSuperVersion(current.version);
        scheduleFlush();
    }

    // ---------------------------------------------------------------- reads

    @Override
    public byte[] get(byte[] key) {
        ensureOpen();
        return get(key, lastSequence);
    }

    @Override
    public byte[] getIfInMemory(byte[] key) {
        ensureOpen();
        return get(key, lastSequence, true);
    }

    private byte[] get(byte[] key, long sequence) {
        return get(key, sequence, false);
    }

    /** With {@code memoryOnly}, {@link #NOT_IN_MEMORY} where a table's block or the table itself is not in memory. */
    private byte[] get(byte[] key, long sequence, boolean memoryOnly) {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("key must not be " + (key == null ? "null" : "empty"));
        }
        SuperVersion sv = acquire();
        try {
            byte[][] value = new byte[1][];
            Lookup r = sv.memtable.get(key, sequence, value);
            for (int i = sv.immutables.size() - 1; i >= 0 && r == Lookup.ABSENT; i--) {
                r = sv.immutables.get(i).get(key, sequence, value);
            }
            if (r == Lookup.ABSENT) {
                FilterCounters.Tally tally = memoryOnly ? new FilterCounters.Tally() : null;
                r = getFromTables(sv.version, key, sequence, value, tally);
                if (r == Lookup.NOT_IN_MEMORY) {
                    return NOT_IN_MEMORY;
                }
                if (tally != null) {
                    filterCounters.add(tally);
                }
            }
            return r == Lookup.FOUND ? value[0] : null;
        } finally {
            sv.unref();
        }
    }

    /** From memory only when {@code tally} is given: it then gets the filters' outcomes (see {@link FilterCounters.Tally}). */
    private static Lookup getFromTables(Version version, byte[] key, long sequence, byte[][] value, FilterCounters.Tally tally) {
        byte[] lookupKey = InternalKey.lookupKey(key, sequence);
        long hash = BloomFilter.hash(key);
        for (TableFile f : version.level(0)) {
            if (f.overlapsUserRange(key, key)) {
                Lookup r = tally != null ? f.getIfInMemory(key, hash, lookupKey, value, tally) : f.get(key, hash, lookupKey, value);
                if (r != Lookup.ABSENT) {
                    return r;
                }
            }
        }
        for (int level = 1; level < version.levelCount(); level++) {
            TableFile f = version.findFile(level, key);
            if (f != null) {
                Lookup r = tally != null ? f.getIfInMemory(key, hash, lookupKey, value, tally) : f.get(key, hash, lookupKey, value);
                if (r != Lookup.ABSENT) {
                    return r;
                }
            }
        }
        return Lookup.ABSENT;
    }

    @Override
    public KvIterator scan(ScanRange range) {
        ensureOpen();
        return scan(range, lastSequence);
    }

    private KvIterator scan(ScanRange range, long sequence) {
        SuperVersion sv = acquire();
        try {
            List<InternalIterator> children = new ArrayList<>();
            children.add(sv.memtable.iterator());
            for (Memtable m : sv.immutables) {
                children.add(m.iterator());
            }
            byte[] from = range.from();
            byte[] to = range.to();
            for (TableFile f : sv.version.level(0)) {
                if (f.overlapsUserRange(from, to)) {
                    children.add(f.iterator());
                }
            }
            for (int level = 1; level < sv.version.levelCount(); level++) {
                List<TableFile> files = sv.version.level(level);
                if (!files.isEmpty()) {
                    children.add(new LevelIterator(files));
                }
            }
            return new DbIterator(new MergingIterator(children, range.isDescending()), sequence, range, sv::unref);
        } catch (RuntimeException e) {
            sv.unref();
            throw e;
        }
    }

    @Override
    public Snapshot snapshot() {
        ensureOpen();
        long sequence;
        mutex.lock();
        try {
            sequence = lastSequence;
            snapshots.add(sequence);
        } finally {
            mutex.unlock();
        }
        return new Snapshot() {
            private final AtomicBoolean released = new AtomicBoolean();

            @Override
            public byte[] get(byte[] key) {
                checkOpen();
                return LsmStore.this.get(key, sequence);
            }

            @Override
            public KvIterator scan(ScanRange range) {
                checkOpen();
                return LsmStore.this.scan(range, sequence);
            }

            private void checkOpen() {
                if (released.get()) {
                    throw new IllegalStateException("snapshot is closed");
                }
                ensureOpen();
            }

            @Override
            public void close() {
                if (released.compareAndSet(false, true)) {
                    snapshots.remove(sequence);
                }
            }
        };
    }

    @Override
    public boolean supportsOrderedScans() {
        return true;
    }

    private SuperVersion acquire() {
        while (true) {
            SuperVersion sv = current;
            if (sv.tryRef()) {
                return sv;
            }
        }
    }

    // ---------------------------------------------------------------- flush

    /**
     * Writes the memtable to a table and waits until every immutable memtable is flushed; every write
     * acknowledged before the call is then in an fsync-ed table.
     */
    @Override
    public void flush() {
        ensureOpen();
        mutex.lock();
        try {
            // Wait for our turn as a writer so that no group is half-applied to the memtable we switch.
            PendingWrite w = new PendingWrite(new WriteBatch(), mutex.newCondition(), true);
            writers.addLast(w);
            while (writers.peekFirst() != w) {
                w.turn.awaitUninterruptibly();
            }
            try {
                if (!memtable.isEmpty()) {
                    while (immutables.size() >= options.maxImmutableMemtables() && backgroundError == null) {
                        scheduleFlush();
                        backgroundProgress.awaitUninterruptibly();
                    }
                    checkBackgroundError();
                    switchMemtable();
                }
            } finally {
                writers.pollFirst();
                if (!writers.isEmpty()) {
                    writers.peekFirst().turn.signal();
                }
            }
            while (!immutables.isEmpty() && backgroundError == null) {
                scheduleFlush();
                backgroundProgress.awaitUninterruptibly();
            }
            checkBackgroundError();
        } finally {
            mutex.unlock();
        }
    }

    private void checkBackgroundError() {
        if (backgroundError != null) {
            throw new StorageException("background failure in " + dir + ": " + backgroundError.getMessage(), backgroundError);
        }
    }

    private void scheduleFlush() {
        if (flushScheduled.compareAndSet(false, true)) {
            flushExecutor.execute(this::flushImmutables);
        }
    }

    private void flushImmutables() {
        try {
            while (!closed) {
                Memtable oldest;
                mutex.lock();
                try {
                    if (immutables.isEmpty() || backgroundError != null) {
                        return;
                    }
                    oldest = immutables.get(0);
                } finally {
                    mutex.unlock();
                }
                TableFile table = oldest.isEmpty() ? null : writeLevelZeroTable(oldest);
                long minLog;
                mutex.lock();
                try {
                    // The memtable and its log stay until a durable manifest lists the table that replaces them.
                    minLog = immutables.size() > 1 ? immutables.get(1).logNumber() : memtable.logNumber();
                    Version next = table == null ? current.version : current.version.apply(List.of(), 0, List.of(table));
                    writeManifestOrRelease(next, minLog, table == null ? List.of() : List.of(table));
                    immutables.remove(0);
                    installSuperVersion(next);
                    flushes.incrementAndGet();
                    // Before anyone waiting for the flush goes on: once flush() returns, the logs it covered are gone.
                    deleteLogsBelow(minLog);
                    backgroundProgress.signalAll();
                } finally {
                    mutex.unlock();
                }
                maybeScheduleCompaction();
            }
        } catch (RuntimeException e) {
            recordBackgroundError("flush", e);
        } finally {
            flushScheduled.set(false);
            mutex.lock();
            try {
                if (!immutables.isEmpty() && backgroundError == null && !closed) {
                    scheduleFlush();
                }
            } finally {
                mutex.unlock();
            }
        }
    }

    private TableFile writeLevelZeroTable(Memtable mem) {
        TableOutput out = newTableOutput();
        try {
            InternalIterator it = mem.iterator();
            for (it.seekToFirst(); it.valid(); it.next()) {
                out.add(it.key(), it.value());
            }
            return out.finish();
        } catch (RuntimeException e) {
            out.abandon();
            throw e;
        }
    }

    /** Called only once a durable manifest records {@code minLog}: older logs are all in its tables. */
    private void deleteLogsBelow(long minLog) {
        for (Path p : listDir()) {
            OptionalLong n = FileNames.logNumber(p);
            if (n.isPresent() && n.getAsLong() < minLog) {
                deleteQuietly(p);
            }
        }
    }

    /** Deletes a file nothing needs any more; one left behind is deleted again at the next open. */
    private void deleteQuietly(Path p) {
        try {
            options.channels().delete(p);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete " + p + ": " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- compaction

    private void maybeScheduleCompaction() {
        if (!options.backgroundCompaction() || closed) {
            return;
        }
        if (picker.needsCompaction(current.version) && compactionScheduled.compareAndSet(false, true)) {
            compactionExecutor.execute(this::backgroundCompaction);
        }
    }

    private void backgroundCompaction() {
        try {
            while (!closed && backgroundError == null) {
                if (!compactOnce(null)) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            recordBackgroundError("compaction", e);
        } finally {
            compactionScheduled.set(false);
        }
        if (!closed && backgroundError == null && picker.needsCompaction(current.version)) {
            maybeScheduleCompaction();
        }
    }

    /**
     * Runs one compaction: the picker's choice, or all of {@code wholeLevel} when given. Returns whether
     * there was anything to do.
     */
    private boolean compactOnce(Integer wholeLevel) {
        return compactOnce(wholeLevel, false);
    }

    private boolean compactOnce(Integer wholeLevel, boolean inPlace) {
        compactionLock.lock();
        try {
            Compaction c;
            Version base;
            long smallestSnapshot;
            mutex.lock();
            try {
                base = current.version;
                c = wholeLevel == null ? picker.pick(base)
                        : inPlace ? picker.wholeInPlace(base, wholeLevel) : picker.whole(base, wholeLevel);
                if (c == null) {
                    return false;
                }
                smallestSnapshot = snapshots.oldest(lastSequence);
                c.allInputs().forEach(TableFile::ref);
            } finally {
                mutex.unlock();
            }
            try {
                if (c.trivialMove()) {
                    install(c, c.inputs());
                } else {
                    CompactionJob job = new CompactionJob(c, base, smallestSnapshot, options.tableTargetBytes(),
                            picker.maxGrandparentOverlapBytes(), options.compactionFilter());
                    CompactionJob.Result result = job.run(this::newTableOutput);
                    install(c, result.outputs());
                    filteredKeys.addAndGet(result.filteredKeys());
                    compactionBytesRead.addAndGet(result.bytesRead());
                    compactionBytesWritten.addAndGet(result.bytesWritten());
                }
                compactions.incrementAndGet();
            } finally {
                c.allInputs().forEach(TableFile::unref);
            }
            return true;
        } finally {
            compactionLock.unlock();
        }
    }

    private void install(Compaction c, List<TableFile> outputs) {
        mutex.lock();
        try {
            Version next = current.version.apply(c.allInputs(), c.outputLevel(), outputs);
            // A trivial move's outputs are its inputs, still live.
            writeManifestOrRelease(next, minLiveLogNumber(), c.trivialMove() ? List.of() : outputs);
            // Only a durable manifest without the inputs lets them go: deleted once their last reader is done.
            if (!c.trivialMove()) {
                c.allInputs().forEach(TableFile::markObsolete);
            }
            installSuperVersion(next);
            backgroundProgress.signalAll();
        } finally {
            mutex.unlock();
        }
    }

    private long minLiveLogNumber() {
        return immutables.isEmpty() ? memtable.logNumber() : immutables.get(0).logNumber();
    }

    /**
     * Compacts every level down into the deepest one, synchronously: afterwards the store holds one
     * sorted run with no overwritten versions (beyond what open snapshots need) and no tombstones. With a
     * {@link LsmOptions#compactionFilter}, the deepest level is then rewritten in place as well, so the
     * filter is offered every key, also those that were already at the bottom.
     */
    public void compactAll() {
        flush();
        int bottom = 1;
        for (int level = 1; level < LsmOptions.MAX_LEVELS; level++) {
            if (!current.version.level(level).isEmpty()) {
                bottom = level;
            }
        }
        for (int level = 0; level < bottom; level++) {
            ensureOpen();
            compactOnce(level);
        }
        if (options.compactionFilter() != null) {
            ensureOpen();
            compactOnce(bottom, true);
        }
        checkBackgroundError();
    }

    // ---------------------------------------------------------------- versions and files

    /** The open table being written by a flush or compaction. */
    private final class TableOutput implements CompactionJob.TableOutput {
        private final long number = nextFileNumber.getAndIncrement();
        private final Path path = FileNames.table(dir, number);
        private final TableBuilder builder = new TableBuilder(options.channels(), path, options.blockBytes(),
                options.blockRestartInterval(), options.bloomBitsPerKey(), options.compression());

        @Override
        public void add(byte[] internalKey, byte[] value) {
            builder.add(internalKey, value);
        }

        @Override
        public long estimatedSize() {
            return builder.estimatedSize();
        }

        @Override
        public TableFile finish() {
            long size = builder.finish();
            dataBytesRaw.addAndGet(builder.rawDataBytes());
            dataBytesStored.addAndGet(builder.storedDataBytes());
            TableFile file = new TableFile(number, size, builder.entries(), builder.smallest(), builder.largest(), tableCache,
                    options.channels(), path);
            file.verify(); // reads back footer, index and filter, and leaves the new table open in the cache
            return file;
        }

        @Override
        public void abandon() {
            builder.close();
        }
    }

    private TableOutput newTableOutput() {
        return new TableOutput();
    }

    /**
     * With the mutex held: {@link #writeManifest}, and if that fails, closes the new tables {@code created}
     * for {@code version} and rethrows. Their files stay: if only the directory sync after the rename failed,
     * the manifest on disk may list them; otherwise the next open deletes them as unlisted.
     */
    private void writeManifestOrRelease(Version version, long logNumber, List<TableFile> created) {
        try {
            writeManifest(version, logNumber);
        } catch (RuntimeException e) {
            created.forEach(TableFile::close);
            throw e;
        }
    }

    /** With the mutex held. */
    private void writeManifest(Version version, long logNumber) {
        List<Manifest.FileEntry> files = new ArrayList<>();
        for (int level = 0; level < version.levelCount(); level++) {
            for (TableFile f : version.level(level)) {
                files.add(new Manifest.FileEntry(level, f.number(), f.sizeBytes(), f.entries(), f.smallest(), f.largest()));
            }
        }
        Manifest.write(options.channels(), dir, new Manifest.State(nextFileNumber.get(), logNumber, lastSequence, files));
    }

    /** With the mutex held: publishes a new super version and releases the old one. */
    private void installSuperVersion(Version version) {
        List<Memtable> newestFirst = new ArrayList<>(immutables);
        java.util.Collections.reverse(newestFirst);
        SuperVersion old = current;
        current = new SuperVersion(memtable, newestFirst, version);
        old.unref();
    }

    private void recordBackgroundError(String what, RuntimeException e) {
        LOG.log(Level.ERROR, "background " + what + " failed in " + dir + "; the store refuses writes until reopened", e);
        mutex.lock();
        try {
            if (backgroundError == null) {
                backgroundError = e instanceof StorageException se ? se : new StorageException(what + " failed: " + e, e);
            }
            backgroundProgress.signalAll();
        } finally {
            mutex.unlock();
        }
    }

    private void syncLogQuietly() {
        LogWriter target;
        mutex.lock();
        try {
            target = log;
        } finally {
            mutex.unlock();
        }
        try {
            timedSync(target);
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.log(Level.WARNING, "periodic log sync failed: " + e.getMessage());
            }
        }
    }

    private void timedSync(LogWriter target) {
        long start = System.nanoTime();
        target.sync();
        syncListener.synced(System.nanoTime() - start);
    }

    /** Reports the duration of every later fsync of the write-ahead log to {@code listener}. */
    public void onLogSync(SyncListener listener) {
        this.syncListener = listener == null ? SyncListener.NONE : listener;
    }

    // ---------------------------------------------------------------- lifecycle and stats

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("store " + dir + " is closed");
        }
    }

    @Override
    public StoreStats stats() {
        SuperVersion sv = acquire();
        try {
            Map<String, Long> c = new LinkedHashMap<>();
            long tableBytes = 0;
            long tables = 0;
            for (int level = 0; level < sv.version.levelCount(); level++) {
                c.put("level" + level + ".tables", (long) sv.version.level(level).size());
                tableBytes += sv.version.levelBytes(level);
                tables += sv.version.level(level).size();
            }
            c.put("tables", tables);
            c.put("tableBytes", tableBytes);
            c.put("pinnedIndexAndFilterBytes", tableCache.pinnedBytes());
            c.put("openTables", (long) tableCache.openTables());
            c.put("openTablesPeak", (long) tableCache.peakOpenTables());
            c.put("maxOpenTables", (long) tableCache.maxOpenTables());
            c.put("tableCacheHits", tableCache.hits());
            c.put("tableCacheMisses", tableCache.misses());
            c.put("tableCacheEvictions", tableCache.evictions());
            c.put("tableCacheWaits", tableCache.waits());
            c.put("dataBlockBytesWritten", dataBytesRaw.get());
            c.put("dataBlockBytesStored", dataBytesStored.get());
            c.put("compactionFilterDrops", filteredKeys.get());
            c.put("memtableBytes", sv.memtable.approximateBytes());
            c.put("immutableMemtables", (long) sv.immutables.size());
            c.put("lastSequence", lastSequence);
            c.put("flushes", flushes.get());
            c.put("compactions", compactions.get());
            c.put("compactionBytesRead", compactionBytesRead.get());
            c.put("compactionBytesWritten", compactionBytesWritten.get());
            c.put("writeStalls", writeStalls.get());
            c.put("groupCommits", groupCommits.get());
            c.put("blockCacheBytes", blockCache.usedBytes());
            c.put("blockCacheHits", blockCache.hits());
            c.put("blockCacheMisses", blockCache.misses());
            c.put("bloomFilterSkips", filterCounters.useful());
            c.put("bloomFilterFalsePositives", filterCounters.falsePositives());
            c.put("pendingCompactions", (long) levelsOverBudget(sv.version));
            c.put("openSnapshots", (long) snapshots.size());
            c.put("recoveredTailBytesDropped", recoveredTailBytesDropped.get());
            return new StoreStats("lsm", c);
        } finally {
            sv.unref();
        }
    }

    /** Levels due for a compaction: each needs at least one before the tree is back within its budgets. */
    private int levelsOverBudget(Version version) {
        int due = 0;
        for (int level = 0; level < LsmOptions.MAX_LEVELS - 1; level++) {
            if (picker.score(version, level) >= 1.0) {
                due++;
            }
        }
        return due;
    }

    /** Waits until no flush or compaction is pending or running (for benchmarks and tests). */
    public void awaitBackgroundIdle() {
        while (true) {
            mutex.lock();
            try {
                checkBackgroundError();
                boolean busy = !immutables.isEmpty() || flushScheduled.get() || compactionScheduled.get()
                        || (options.backgroundCompaction() && picker.needsCompaction(current.version));
                if (!busy) {
                    return;
                }
                maybeScheduleCompaction();
                backgroundProgress.await(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("interrupted while waiting for background work");
            } finally {
                mutex.unlock();
            }
        }
    }

    @Override
    public void close() {
        mutex.lock();
        try {
            if (closed) {
                return;
            }
            // Let queued writers finish first.
            while (!writers.isEmpty()) {
                backgroundProgress.await(10, TimeUnit.MILLISECONDS);
            }
            closed = true;
            backgroundProgress.signalAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        } finally {
            mutex.unlock();
        }
        shutdownThreads();
        mutex.lock();
        try {
            try {
                log.sync();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "final log sync failed: " + e.getMessage());
            }
            log.close();
            closeTables();
        } finally {
            mutex.unlock();
            lock.close();
        }
    }

    private void shutdownThreads() {
        if (syncExecutor != null) {
            syncExecutor.shutdownNow();
        }
        try {
            // The flush thread may still hand work to the compaction thread: stop it first.
            flushExecutor.shutdown();
            flushExecutor.awaitTermination(1, TimeUnit.MINUTES);
            compactionExecutor.shutdown();
            compactionExecutor.awaitTermination(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeTables() {
        tableCache.close();
    }

    @Override
    public String toString() {
        return "LsmStore[" + dir + ", " + current.version + "]";
    }
}
