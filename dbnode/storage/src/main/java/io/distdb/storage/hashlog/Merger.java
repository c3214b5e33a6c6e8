package io.distdb.storage.hashlog;

import io.distdb.storage.CompactionFilter;
import io.distdb.storage.CorruptionException;
import io.distdb.storage.internal.Directories;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * Rewrites immutable segments into new ones holding only the records the keydir still points at, each with a
 * hint file, then retires the inputs. Reads and writes go on meanwhile:
 *
 * <ul>
 *   <li>outputs are listed before any key moves to them, and inputs unlisted only after every key moved, so a
 *       reader always finds the segment its keydir entry names (or retries with the newer entry);
 *   <li>a key moves with compare-and-set, so a write made during the merge is never replaced by the old copy;
 *   <li>a live value the {@link HashLogOptions#compactionFilter} drops is not copied (nor hinted), and its key
 *       leaves the keydir with compare-and-set once the outputs are installed: every older record of the key is
 *       in the merge's inputs, so the key is gone from disk once they are deleted (a crash before that brings
 *       back at most the dropped value itself, from a newer input, never an older one);
 *   <li>no key moves and no input is deleted before the segments after the inputs are durable: outside SYNC
 *       durability the keydir names a record as soon as it is appended, so the merge may have skipped an input's
 *       record for a newer one that only the page cache holds;
 *   <li>no key moves before every output and its hint file are fsync-ed under their final names and the
 *       directory is synced: until then a failure abandons the outputs and changes nothing (an output that
 *       cannot be deleted is retired, see below, as recovery would replay it);
 *   <li>input files are deleted once their last reader is done, oldest first, each deletion made durable before
 *       the next: after a crash at any point the files left, replayed in id order, give the same keys (an older
 *       input's file, which may hold a value a newer input's tombstone deleted, is gone before any newer input
 *       file is, so no deleted value comes back).
 * </ul>
 */
final class Merger {

    private static final int BUFFER_BYTES = 256 * 1024;

    /** Thrown inside a merge when the store is closing; the merge is rolled back. */
    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("merge cancelled because the store is closing", null, false, false);
        }
    }

    /** Makes durable what has been appended to the segments whose id is above {@code id}. */
    interface LogSync {
        void syncSegmentsAfter(long id) throws IOException;
    }

    /** What a finished merge did. */
    record Outcome(int inputs, int outputs, long bytesBefore, long bytesAfter, int filtered) {
    }

    private final Path dir;
    private final HashLogOptions options;
    private final KeyDir keyDir;
    private final ConcurrentSkipListMap<Long, Segment> segments;
    private final BooleanSupplier cancelled;
    private final LogSync log;
    /**
     * Segment files on disk that the store no longer lists, not all deleted yet: inputs of installed merges, oldest
     * first, then outputs of failed merges that could not be removed. Recovery replays every segment file it finds,
     * so a merge deletes these before anything else: it could otherwise delete a newer segment whose tombstone still
     * hides a value in one of them.
     */
    private final List<Retired> retired = new ArrayList<>();

    /** A segment's files to delete once {@code readersDone} completes. */
    private record Retired(long id, CompletableFuture<Void> readersDone) {
    }

    Merger(Path dir, HashLogOptions options, KeyDir keyDir, ConcurrentSkipListMap<Long, Segment> segments,
            BooleanSupplier cancelled, LogSync log) {
        this.dir = dir;
        this.options = options;
        this.keyDir = keyDir;
        this.segments = segments;
        this.cancelled = cancelled;
        this.log = log;
    }

    /** A key that moves from an input to an output if nobody wrote it meanwhile. */
    private record Move(byte[] key, KeyDir.Entry from, KeyDir.Entry to) {
    }

    /** A key the compaction filter drops: it leaves the keydir if nobody wrote it meanwhile. */
    private record Drop(byte[] key, KeyDir.Entry from) {
    }

    /** Merges {@code inputs}, which must be every segment older than the active one, in id order. */
    Outcome merge(List<Segment> inputs) throws IOException {
        deleteRetired();
        long generation = SegmentFiles.generation(inputs.get(inputs.size() - 1).id);
        long nextSub = 1;
        for (Segment s : segments.values()) {
            if (SegmentFiles.generation(s.id) == generation) {
                nextSub = Math.max(nextSub, SegmentFiles.sub(s.id) + 1);
            }
        }
        List<Output> finished = new ArrayList<>();
        List<Move> moves = new ArrayList<>();
        List<Drop> drops = new ArrayList<>();
        CompactionFilter filter = options.compactionFilter();
        Output out = null;
        long before = 0;
        try {
            for (Segment input : inputs) {
                before += input.size() + input.hintBytes();
                SegmentScanner scanner = new SegmentScanner(input, input.size());
                RecordCodec.Record r;
                while ((r = scanner.next()) != null) {
                    if (cancelled.getAsBoolean()) {
                        throw new Cancelled();
                    }
                    if (r.kind() != RecordCodec.PUT) {
                        continue; // tombstones and commits: every older record they cover is in this merge too
                    }
                    KeyDir.Entry current = keyDir.get(r.key());
                    if (current == null || !current.sameLocation(input.id, scanner.recordOffset())) {
                        continue;
                    }
                    // Every older record of the key is in this merge too, so dropping this one drops the key.
                    if (filter != null && filter.dropAtBottom(r.key(), r.value())) {
                        drops.add(new Drop(r.key(), current));
                        continue;
                    }
                    if (out == null || out.size > 0 && out.size + r.size() > options.maxSegmentBytes()) {
                        if (out != null) {
                            out.finish();
                            finished.add(out);
                        }
                        if (nextSub > SegmentFiles.MAX_SUB) {
                            throw new IOException("too many merge outputs for generation " + generation);
                        }
                        out = new Output(SegmentFiles.id(generation, nextSub++));
                    }
                    long offset = out.append(r);
                    moves.add(new Move(r.key(), current,
                            new KeyDir.Entry(out.id, offset, r.key().length, r.value().length, r.seq())));
                }
                if (scanner.problem() != null) {
                    throw new CorruptionException("merge stopped: segment " + input.path + " is damaged at offset "
                            + scanner.position() + ": " + scanner.problem());
                }
            }
            if (out != null) {
                out.finish();
                finished.add(out);
                out = null;
            }
            Directories.sync(options.channels(), dir);
            // The scan is over, so this covers every newer record it skipped an input's record for.
            log.syncSegmentsAfter(inputs.get(inputs.size() - 1).id);
        } catch (IOException | RuntimeException e) {
            if (out != null) {
                out.abandon();
            }
            for (Output o : finished) {
                o.abandon();
            }
            throw e;
        }
        return install(inputs, finished, moves, drops, before);
    }

    private Outcome install(List<Segment> inputs, List<Output> outputs, List<Move> moves, List<Drop> drops,
            long before) throws IOException {
        long after = 0;
        for (Output o : outputs) {
            segments.put(o.segment.id, o.segment);
            after += o.segment.size() + o.segment.hintBytes();
        }
        for (Move m : moves) {
            if (!keyDir.replace(m.key, m.from, m.to)) {
                segments.get(m.to.segmentId()).addDead(m.to.recordSize());
            }
        }
        int filtered = 0;
        for (Drop d : drops) {
            if (keyDir.remove(d.key, d.from)) {
                filtered++;
            }
        }
        for (Segment input : inputs) {
            segments.remove(input.id);
            input.release();
        }
        for (Segment input : inputs) {
            retired.add(new Retired(input.id, input.closed()));
        }
        try {
            deleteRetired();
        } catch (IOException e) {
            throw new IOException("merged, but not every input could be deleted yet (the next merge retries): "
                    + e.getMessage(), e);
        }
        return new Outcome(inputs.size(), outputs.size(), before, after, filtered);
    }

    /**
     * Deletes the retired files once their last reader is done, in order, each deletion durable before the next:
     * a crash then never keeps an older input while losing a newer one, whose tombstones may be all that hides the
     * older one's values. (A failed merge's output can go at any point: its records are copies of records still in
     * that merge's inputs.) Stops at the first failure; what is left stays retired.
     */
    private void deleteRetired() throws IOException {
        while (!retired.isEmpty()) {
            Retired next = retired.get(0);
            Path data = SegmentFiles.data(dir, next.id());
            try {
                next.readersDone().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for readers of " + data, e);
            } catch (ExecutionException e) {
                throw new IOException(e.getCause());
            }
            options.channels().delete(SegmentFiles.hint(dir, next.id()));
            options.channels().delete(data);
            Directories.sync(options.channels(), dir);
            retired.remove(0);
        }
    }

    /** One output segment being written under a temporary name, with the hints for its records. */
    private final class Output {
        final long id;
        final Path dataPath;
        final Path hintPath;
        final FileChannel channel;
        final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        final List<HintFile.Hint> hints = new ArrayList<>();
        long size;
        long written;
        Segment segment;

        Output(long id) throws IOException {
            this.id = id;
            this.dataPath = SegmentFiles.data(dir, id);
            this.hintPath = SegmentFiles.hint(dir, id);
            this.channel = options.channels().open(SegmentFiles.temp(dataPath), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        }

        /** Re-encodes the record as a plain PUT (a batch's commit is no longer needed) and returns its offset. */
        long append(RecordCodec.Record r) throws IOException {
            int recordSize = r.size();
            if (recordSize > buffer.remaining()) {
                drain();
            }
            long offset = size;
            if (recordSize > buffer.capacity()) {
                ByteBuffer big = ByteBuffer.allocate(recordSize);
                RecordCodec.encode(big, RecordCodec.PUT, r.seq(), r.key(), r.value());
                write(big.flip());
            } else {
                RecordCodec.encode(buffer, RecordCodec.PUT, r.seq(), r.key(), r.value());
            }
            size += recordSize;
            hints.add(new HintFile.Hint(r.key(), r.value().length, offset, r.seq()));
            return offset;
        }

        private void drain() throws IOException {
            buffer.flip();
            write(buffer);
            buffer.clear();
        }

        private void write(ByteBuffer buf) throws IOException {
            while (buf.hasRemaining()) {
                written += channel.write(buf, written);
            }
        }

        /** Makes data and hint durable under their final names and opens the segment for reading. */
        void finish() throws IOException {
            drain();
            channel.force(true);
            channel.close();
            long hintBytes = HintFile.write(options.channels(), SegmentFiles.temp(hintPath), id, size, hints);
            // Data first: a segment without its hint is merely scanned at start-up.
            options.channels().rename(SegmentFiles.temp(dataPath), dataPath);
            options.channels().rename(SegmentFiles.temp(hintPath), hintPath);
            FileChannel reader = options.channels().open(dataPath, StandardOpenOption.READ);
            segment = new Segment(id, dataPath, reader, size, options.channels(), false);
            segment.setHintBytes(hintBytes);
            hints.clear();
        }

        /**
         * Removes every trace of this output; no reader has seen it. A file under its final name that cannot be
         * deleted is retired like an input: recovery would replay it, and once a later write deletes one of its
         * keys, a merge that dropped the tombstone would bring the copied value back.
         */
        void abandon() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Deleted below.
            }
            if (segment != null) {
                segment.release();
            }
            for (Path p : List.of(SegmentFiles.temp(dataPath), SegmentFiles.temp(hintPath))) {
                try {
                    options.channels().delete(p);
                } catch (IOException ignored) {
                    // Recovery deletes temporary files, never replays them.
                }
            }
            try {
                options.channels().delete(hintPath);
                options.channels().delete(dataPath);
            } catch (IOException e) {
                retired.add(new Retired(id, segment == null ? CompletableFuture.completedFuture(null) : segment.closed()));
            }
        }
    }
}
