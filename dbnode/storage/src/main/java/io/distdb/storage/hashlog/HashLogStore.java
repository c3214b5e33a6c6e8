package io.distdb.storage.hashlog;

import io.distdb.storage.Bytes;
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
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The Bitcask-style engine: an append-only log split into segments, and an in-memory keydir holding, for every
 * live key, where its latest record lies. A get is one positional read; a put is one append. Merges rewrite the
 * immutable segments without their dead records. Keys have no order, so there are no scans or snapshots.
 *
 * <p>Every key must fit in memory: the keydir holds each key plus about 126 bytes of objects (measured: about
 * 144 bytes of heap per 16-byte key with compressed references; see docs/storage.md).
 */
public final class HashLogStore implements KvStore {

    private static final System.Logger LOG = System.getLogger(HashLogStore.class.getName());

    static final String NO_ORDER = "the hash log engine keeps no key order, so it has no ordered scans or "
            + "snapshots; use the LSM engine (io.distdb.storage.lsm.LsmStore) where those are needed";

    /** Background merge looks at the dead-byte fraction after this many writes (and after every roll-over). */
    private static final int MERGE_CHECK_INTERVAL = 32;

    private final Path dir;
    private final HashLogOptions options;
    private final DirectoryLock directoryLock;
    private final KeyDir keyDir = new KeyDir();
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final Merger merger;
    private final GroupCommit groupCommit;
    /** Told each fsync's duration; set by whoever watches the store. */
    private volatile SyncListener syncListener = SyncListener.NONE;

    /** Serialises appends, roll-overs and the end of the store. */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** One merge at a time; taken before {@link #writeLock} when both are needed. */
    private final ReentrantLock mergeLock = new ReentrantLock();

    private volatile Segment active;
    /** With NONE durability: rolled-over segments not forced yet; the next flush covers them. Under writeLock. */
    private final List<Segment> unsyncedRolled = new ArrayList<>();
    /** Under writeLock. */
    private long nextSeq;
    /** Bytes ever appended since open: the group-commit ticket. Written under writeLock. */
    private volatile long appendedBytes;
    /**
     * With SYNC durability: appends whose records are written but not yet known durable, in append order. Their
     * keydir changes are applied ({@link #publish}) only once an fsync covers them, so no reader sees a write
     * that a crash could still take back, and a failed fsync leaves them invisible. Guarded by itself.
     */
    private final ArrayDeque<Unpublished> unpublished = new ArrayDeque<>();

    /** Appended records whose keydir changes wait for their fsync. */
    private record Unpublished(Segment segment, long base, List<WriteBatch.Op> ops, long firstSeq, long ticket) {
    }
    /** The I/O error that stopped writes, if any; the store must be reopened. */
    private volatile Throwable failure;
    private volatile boolean closed;
    private final AtomicBoolean closing = new AtomicBoolean();

    private final ScheduledExecutorService syncThread;
    private final ExecutorService mergeThread;
    private final AtomicBoolean mergeQueued = new AtomicBoolean();

    private final AtomicLong puts = new AtomicLong();
    private final AtomicLong deletes = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong failedWrites = new AtomicLong();
    private final AtomicLong merges = new AtomicLong();
    private final AtomicLong mergeReclaimedBytes = new AtomicLong();
    private final AtomicLong mergeFilterDrops = new AtomicLong();
    private final AtomicLong writesSinceMergeCheck = new AtomicLong();
    private final long recoveredTailBytes;
    private final int openHintFiles;
    private final int openScannedSegments;

    private HashLogStore(Path dir, HashLogOptions options, DirectoryLock directoryLock) throws IOException {
        this.dir = dir;
        this.options = options;
        this.directoryLock = directoryLock;
        Recovery.Result recovered = new Recovery(dir, options.channels(), keyDir).run();
        segments.putAll(recovered.segments());
        recoveredTailBytes = recovered.truncatedBytes();
        openHintFiles = recovered.hintsLoaded();
        openScannedSegments = recovered.segmentsScanned();
        nextSeq = recovered.maxSeq() + 1;
        try {
            active = chooseActive();
        } catch (IOException | RuntimeException e) {
            segments.values().forEach(Segment::release);
            throw e;
        }
        merger = new Merger(dir, options, keyDir, segments, () -> closed, this::syncSegmentsAfter);
        // Nothing counts as durable yet: what recovery found may still sit unforced in the page cache.
        groupCommit = new GroupCommit(this::timedForceLog, -1);
        if (options.durability() == Durability.INTERVAL) {
            syncThread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("hashlog-sync " + dir.getFileName()));
            syncThread.scheduleWithFixedDelay(this::intervalSync, options.syncIntervalMillis(),
                    options.syncIntervalMillis(), TimeUnit.MILLISECONDS);
        } else {
            syncThread = null;
        }
        mergeThread = options.backgroundMerge()
                ? Executors.newSingleThreadExecutor(DaemonThreads.named("hashlog-merge " + dir.getFileName()))
                : null;
    }

    /**
     * Opens (creating if needed) the store in {@code dir}, recovering whatever a crash left.
     *
     * @throws io.distdb.storage.StoreLockedException if another store has the directory open
     * @throws CorruptionException if a segment other than the last one is damaged
     */
    public static HashLogStore open(Path dir, HashLogOptions options) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(options, "options");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("cannot create store directory " + dir + ": " + e.getMessage(), e);
        }
        DirectoryLock lock = DirectoryLock.acquire(dir);
        try {
            return new HashLogStore(dir, options, lock);
        } catch (IOException e) {
            lock.close();
            throw new StorageException("cannot open hash log store " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Keeps appending to the last segment after a restart unless it is full or a merge output. */
    private Segment chooseActive() throws IOException {
        Map.Entry<Long, Segment> last = segments.lastEntry();
        if (last != null && !last.getValue().isMergeOutput() && last.getValue().size() < options.maxSegmentBytes()) {
            return last.getValue();
        }
        long generation = last == null ? 1 : SegmentFiles.generation(last.getKey()) + 1;
        Segment fresh = createSegment(generation);
        segments.put(fresh.id, fresh);
        return fresh;
    }

    private Segment createSegment(long generation) throws IOException {
        long id = SegmentFiles.id(generation, 0);
        Path path = SegmentFiles.data(dir, id);
        FileChannel channel = options.channels().open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            // The new file must survive a crash, or the records later fsync-ed into it would be lost.
            Directories.sync(options.channels(), dir);
        } catch (IOException e) {
            channel.close();
            options.channels().delete(path);
            throw e;
        }
        return new Segment(id, path, channel, 0, options.channels(), true);
    }

    // ---------------------------------------------------------------- reads

    @Override
    public byte[] get(byte[] key) {
        Objects.requireNonNull(key, "key");
        ensureOpen();
        KeyDir.Entry previous = null;
        int spins = 0;
        while (true) {
            KeyDir.Entry e = keyDir.get(key);
            if (e == null) {
                return null;
            }
            Segment segment = segments.get(e.segmentId());
            if (segment != null && segment.retain()) {
                try {
                    return readValue(segment, e, key);
                } finally {
                    segment.release();
                }
            }
            // A merge retired the segment after we read the entry; the keydir already names the new location.
            ensureOpen();
            spins = e.equals(previous) ? spins + 1 : 0;
            if (spins > 100_000) {
                throw new StorageException("keydir entry of " + Bytes.toDisplayString(key) + " names missing segment "
                        + SegmentFiles.baseName(e.segmentId()));
            }
            previous = e;
            Thread.onSpinWait();
        }
    }

    private byte[] readValue(Segment segment, KeyDir.Entry e, byte[] key) {
        ByteBuffer buf;
        try {
            buf = segment.read(e.offset(), e.recordSize());
        } catch (java.io.EOFException ex) {
            throw new CorruptionException("segment " + segment.path + " ends inside the record at offset " + e.offset());
        } catch (IOException ex) {
            throw new StorageException("cannot read segment " + segment.path + ": " + ex.getMessage(), ex);
        }
        Object decoded = RecordCodec.decode(buf);
        if (decoded instanceof String why) {
            throw new CorruptionException("record at offset " + e.offset() + " of segment " + segment.path
                    + " is damaged: " + why);
        }
        RecordCodec.Record r = (RecordCodec.Record) decoded;
        if (r.kind() != RecordCodec.PUT || !Arrays.equals(r.key(), key)) {
            throw new CorruptionException("record at offset " + e.offset() + " of segment " + segment.path
                    + " does not hold the value of the key the index points there for");
        }
        return r.value();
    }

    @Override
    public KvIterator scan(ScanRange range) {
        throw new UnsupportedOperationException(NO_ORDER);
    }

    @Override
    public Snapshot snapshot() {
        throw new UnsupportedOperationException(NO_ORDER);
    }

    @Override
    public boolean supportsOrderedScans() {
        return false;
    }

    /** Walks the keydir: every live key once, in no particular order; keys written meanwhile may or may not show. */
    @Override
    public void forEachKey(Consumer<byte[]> action) {
        Objects.requireNonNull(action, "action");
        ensureOpen();
        keyDir.forEach((key, entry) -> action.accept(key.clone()));
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void put(byte[] key, byte[] value) {
        options.limits().check(key, value);
        if (value == null) {
            throw new IllegalArgumentException("value must not be null; use delete");
        }
        append(List.of(new WriteBatch.Op(key, value)));
        puts.incrementAndGet();
    }

    @Override
    public void delete(byte[] key) {
        options.limits().check(key, null);
        append(List.of(new WriteBatch.Op(key, null)));
        deletes.incrementAndGet();
    }

    @Override
    public void write(WriteBatch batch) {
        Objects.requireNonNull(batch, "batch");
        options.limits().check(batch);
        ensureOpen();
        if (batch.isEmpty()) {
            return;
        }
        append(batch.ops());
        batches.incrementAndGet();
    }

    /**
     * Appends the operations as one write: a single record, or for several operations records flagged as a batch
     * followed by a COMMIT record, so recovery applies all of them or none.
     */
    private void append(List<WriteBatch.Op> ops) {
        boolean framed = ops.size() > 1;
        long bytes = framed ? RecordCodec.recordSize(0, 4) : 0;
        for (WriteBatch.Op op : ops) {
            bytes += RecordCodec.recordSize(op.key().length, op.isDelete() ? 0 : op.value().length);
        }
        if (bytes > RecordCodec.MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("write of " + bytes + " bytes is too large for one log append");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) bytes);
        long ticket;
        boolean rolled = false;
        writeLock.lock();
        try {
            checkWritable();
            if (!framed && ops.get(0).isDelete() && keyDir.get(ops.get(0).key()) == null && nothingUnpublished()) {
                // Nothing to delete; only wait below for the write that removed it to be durable.
                ticket = appendedBytes;
            } else {
                long seq = nextSeq;
                byte flag = framed ? RecordCodec.BATCH_FLAG : 0;
                for (WriteBatch.Op op : ops) {
                    byte type = op.isDelete() ? RecordCodec.DELETE : RecordCodec.PUT;
                    RecordCodec.encode(buf, (byte) (type | flag), seq++, op.key(), op.value());
                }
                if (framed) {
                    RecordCodec.encodeCommit(buf, seq++, ops.size());
                }
                buf.flip();
                Segment segment = active;
                if (segment.size() > 0 && segment.size() + bytes > options.maxSegmentBytes()) {
                    segment = roll();
                    rolled = true;
                }
                long base = segment.size();
                try {
                    segment.append(buf);
                } catch (IOException e) {
                    throw undoAppend(segment, base, e);
                }
                if (framed) {
                    segment.addDead(RecordCodec.recordSize(0, 4));
                }
                long firstSeq = nextSeq;
                nextSeq = seq;
                appendedBytes += bytes;
                ticket = appendedBytes;
                if (options.durability() == Durability.SYNC) {
                    synchronized (unpublished) {
                        unpublished.addLast(new Unpublished(segment, base, ops, firstSeq, ticket));
                    }
                } else {
                    index(segment, base, ops, firstSeq);
                }
            }
        } finally {
            writeLock.unlock();
        }
        if (options.durability() == Durability.SYNC) {
            awaitDurable(ticket);
            publish(ticket);
        }
        if (rolled || writesSinceMergeCheck.incrementAndGet() % MERGE_CHECK_INTERVAL == 0) {
            maybeScheduleMerge();
        }
    }

    private boolean nothingUnpublished() {
        synchronized (unpublished) {
            return unpublished.isEmpty();
        }
    }

    /**
     * Applies, in append order, the keydir changes of every unpublished append up to {@code ticket}, which an fsync
     * has made durable. Whoever gets here first publishes for the writers before it too.
     */
    private void publish(long ticket) {
        synchronized (unpublished) {
            Unpublished u;
            while ((u = unpublished.peekFirst()) != null && u.ticket() <= ticket) {
                index(u.segment(), u.base(), u.ops(), u.firstSeq());
                unpublished.pollFirst();
            }
        }
    }

    /** Points the keydir at the records just appended; what they replace becomes dead. */
    private void index(Segment segment, long base, List<WriteBatch.Op> ops, long firstSeq) {
        long offset = base;
        long seq = firstSeq;
        for (WriteBatch.Op op : ops) {
            int valueLength = op.isDelete() ? 0 : op.value().length;
            int size = RecordCodec.recordSize(op.key().length, valueLength);
            KeyDir.Entry old;
            if (op.isDelete()) {
                old = keyDir.remove(op.key());
                segment.addDead(size); // a tombstone is dead weight from the start
            } else {
                old = keyDir.put(op.key().clone(),
                        new KeyDir.Entry(segment.id, offset, op.key().length, valueLength, seq));
            }
            if (old != null) {
                Segment holder = segments.get(old.segmentId());
                if (holder != null) {
                    holder.addDead(old.recordSize());
                }
            }
            offset += size;
            seq++;
        }
    }

    /** Cuts a failed append back off the log; if even that fails, refuses writes until the store is reopened. */
    private StorageException undoAppend(Segment segment, long base, IOException cause) {
        failedWrites.incrementAndGet();
        try {
            segment.truncate(base);
        } catch (IOException | RuntimeException truncateFailure) {
            cause.addSuppressed(truncateFailure);
            failure = cause;
            LOG.log(Level.ERROR, "hash log " + dir + ": cannot cut failed write off " + segment
                    + "; refusing writes until reopened", cause);
        }
        return new StorageException("write to " + segment.path + " failed, nothing of it was stored: "
                + cause.getMessage(), cause);
    }

    /** Closes the active segment for appends and starts the next generation. Under writeLock. */
    private Segment roll() {
        Segment old = active;
        if (options.durability() != Durability.NONE) {
            // Only the last segment may have a torn tail after a power loss: recovery cuts it there, but treats
            // damage in any older segment as corruption.
            try {
                old.force();
            } catch (IOException e) {
                failure = e;
                throw new StorageException("fsync of " + old.path + " failed; refusing writes until reopened", e);
            }
        }
        Segment fresh;
        try {
            fresh = createSegment(SegmentFiles.generation(old.id) + 1);
        } catch (IOException e) {
            failedWrites.incrementAndGet();
            throw new StorageException("cannot start a new segment in " + dir + ": " + e.getMessage(), e);
        }
        segments.put(fresh.id, fresh);
        if (options.durability() == Durability.NONE) {
            unsyncedRolled.removeIf(s -> !segments.containsKey(s.id)); // merged away since
            unsyncedRolled.add(old);
        }
        active = fresh;
        return fresh;
    }

    private void checkWritable() {
        ensureOpen();
        Throwable f = failure;
        if (f != null) {
            throw new StorageException("hash log " + dir + " refuses writes after an I/O failure (" + f.getMessage()
                    + "); reopen it", f);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("hash log store " + dir + " is closed");
        }
    }

    // ---------------------------------------------------------------- durability

    private void awaitDurable(long ticket) {
        try {
            groupCommit.awaitDurable(ticket);
        } catch (IOException e) {
            failure = e;
            throw new StorageException("fsync of " + dir + " failed; the write may not be durable: " + e.getMessage(), e);
        }
    }

    /** Forces the active segment and any rolled-over ones not yet forced; returns the ticket now durable. */
    private long timedForceLog() throws IOException {
        long start = System.nanoTime();
        long covered = forceLog();
        syncListener.synced(System.nanoTime() - start);
        return covered;
    }

    /** Reports the duration of every later group-commit fsync of the log to {@code listener}. */
    public void onLogSync(SyncListener listener) {
        this.syncListener = listener == null ? SyncListener.NONE : listener;
    }

    private long forceLog() throws IOException {
        List<Segment> toForce;
        long ticket;
        writeLock.lock();
        try {
            ticket = appendedBytes;
            toForce = new ArrayList<>(unsyncedRolled);
            toForce.add(active);
            unsyncedRolled.clear();
            toForce.removeIf(s -> !s.retain()); // merged away: its live records are in fsync-ed outputs
        } finally {
            writeLock.unlock();
        }
        forceAndRelease(toForce);
        return ticket;
    }

    /**
     * Forces the segments after a merge's inputs (the active one and any rolled over during the merge) before the
     * merge deletes its inputs. Outside SYNC the keydir names a record as soon as it is appended, so the merge may
     * have skipped an input's record for a newer one not fsync-ed yet; a power loss would then lose both. The
     * inputs themselves need no fsync: what the merge keeps of them is in its fsync-ed outputs.
     */
    private void syncSegmentsAfter(long newestInput) throws IOException {
        if (options.durability() == Durability.SYNC) {
            return; // the keydir names only records an fsync has covered
        }
        List<Segment> newer = new ArrayList<>(segments.tailMap(newestInput, false).values());
        newer.removeIf(s -> !s.retain());
        try {
            forceAndRelease(newer);
        } catch (IOException e) {
            // After a failed fsync the kernel may have dropped the dirty pages: never go on as if fine.
            failure = e;
            throw e;
        }
    }

    /** Forces each retained segment and releases all of them, also after a failure; throws the first failure. */
    private static void forceAndRelease(List<Segment> retained) throws IOException {
        IOException error = null;
        for (Segment s : retained) {
            try {
                if (error == null) {
                    s.force();
                }
            } catch (IOException e) {
                error = e;
            } finally {
                s.release();
            }
        }
        if (error != null) {
            throw error;
        }
    }

    private void intervalSync() {
        if (closed || failure != null) {
            return;
        }
        try {
            long ticket = appendedBytes;
            if (ticket > groupCommit.durable()) {
                groupCommit.awaitDurable(ticket);
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
            LOG.log(Level.ERROR, "hash log " + dir + ": periodic fsync failed; refusing writes until reopened", e);
        }
    }

    /** Makes every acknowledged write durable, whatever the durability setting. */
    @Override
    public void flush() {
        ensureOpen();
        long ticket = appendedBytes;
        awaitDurable(ticket);
        publish(ticket);
    }

    // ---------------------------------------------------------------- merge

    /**
     * Rolls the active segment over (if it holds anything) and merges every segment older than the new one,
     * synchronously. Reads and writes continue meanwhile.
     */
    public void merge() {
        ensureOpen();
        mergeLock.lock();
        try {
            writeLock.lock();
            try {
                checkWritable();
                if (active.size() > 0) {
                    roll();
                }
            } finally {
                writeLock.unlock();
            }
            runMerge();
        } finally {
            mergeLock.unlock();
        }
    }

    /** Under mergeLock. */
    private void runMerge() {
        List<Segment> inputs = new ArrayList<>(segments.headMap(active.id, false).values());
        if (inputs.isEmpty() || options.compactionFilter() == null
                && inputs.stream().allMatch(s -> s.isMergeOutput() && s.deadBytes() == 0)) {
            return; // nothing that a merge would reclaim
        }
        if (options.durability() == Durability.SYNC) {
            // Records in the inputs whose fsync is still running are not in the keydir yet, and the merge copies
            // only what the keydir points at: wait for them (all were appended before the inputs were rolled).
            long ticket = appendedBytes;
            awaitDurable(ticket);
            publish(ticket);
        }
        try {
            Merger.Outcome outcome = merger.merge(inputs);
            merges.incrementAndGet();
            mergeFilterDrops.addAndGet(outcome.filtered());
            mergeReclaimedBytes.addAndGet(Math.max(0, outcome.bytesBefore() - outcome.bytesAfter()));
            LOG.log(Level.DEBUG, () -> "hash log " + dir + ": merged " + outcome.inputs() + " segments of "
                    + outcome.bytesBefore() + " bytes into " + outcome.outputs() + " of " + outcome.bytesAfter());
        } catch (Merger.Cancelled e) {
            throw new IllegalStateException("hash log store " + dir + " was closed during the merge");
        } catch (IOException e) {
            throw new StorageException("merge of " + dir + " failed: " + e.getMessage(), e);
        }
    }

    private boolean mergeWorthwhile() {
        Segment current = active;
        long total = 0;
        long dead = 0;
        for (Segment s : segments.values()) {
            if (s != current) {
                total += s.size();
                dead += s.deadBytes();
            }
        }
        return dead > 0 && dead >= options.mergeTriggerDeadFraction() * total;
    }

    private void maybeScheduleMerge() {
        if (mergeThread == null || closed || failure != null || !mergeWorthwhile()) {
            return;
        }
        if (mergeQueued.compareAndSet(false, true)) {
            try {
                mergeThread.execute(this::backgroundMerge);
            } catch (RejectedExecutionException e) {
                mergeQueued.set(false); // closing
            }
        }
    }

    private void backgroundMerge() {
        try {
            mergeLock.lock();
            try {
                if (!closed && failure == null && mergeWorthwhile()) {
                    runMerge();
                }
            } finally {
                mergeLock.unlock();
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.log(Level.WARNING, "hash log " + dir + ": background merge failed", e);
            }
        } finally {
            mergeQueued.set(false);
        }
    }

    // ---------------------------------------------------------------- status and close

    /** The number of live keys, that is the size of the key directory held in memory. */
    public long liveKeys() {
        return keyDir.size();
    }

    @Override
    public StoreStats stats() {
        ensureOpen();
        long data = 0;
        long hints = 0;
        long dead = 0;
        int count = 0;
        for (Segment s : segments.values()) {
            data += s.size();
            hints += s.hintBytes();
            dead += s.deadBytes();
            count++;
        }
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("liveKeys", (long) keyDir.size());
        c.put("segments", (long) count);
        c.put("diskBytes", data + hints);
        c.put("segmentBytes", data);
        c.put("hintBytes", hints);
        c.put("deadBytes", dead);
        c.put("merges", merges.get());
        c.put("mergeReclaimedBytes", mergeReclaimedBytes.get());
        c.put("mergeFilterDrops", mergeFilterDrops.get());
        c.put("puts", puts.get());
        c.put("deletes", deletes.get());
        c.put("batches", batches.get());
        c.put("syncs", groupCommit.syncs());
        c.put("failedWrites", failedWrites.get());
        c.put("recoveredTailBytes", recoveredTailBytes);
        c.put("openHintFiles", (long) openHintFiles);
        c.put("openScannedSegments", (long) openScannedSegments);
        c.put("failed", failure == null ? 0L : 1L);
        return new StoreStats("hashlog", Map.copyOf(c));
    }

    /** Waits for a running merge to stop, forces the log and releases the directory. Idempotent. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        // No interrupts: an interrupted thread would close the FileChannel it is using.
        shutdown(syncThread);
        shutdown(mergeThread);
        mergeLock.lock();
        writeLock.lock();
        try {
            if (failure == null) {
                try {
                    forceLog();
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "hash log " + dir + ": fsync at close failed", e);
                }
            }
            for (Segment s : segments.values()) {
                s.release();
            }
            segments.clear();
        } finally {
            writeLock.unlock();
            mergeLock.unlock();
            directoryLock.close();
        }
    }

    private static void shutdown(ExecutorService executor) {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "hash log background thread did not stop within 30 seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "HashLogStore[" + dir + "]";
    }
}
