package io.distdb.storage.hashlog;

import io.distdb.storage.ChannelFactory;
import io.distdb.storage.CorruptionException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Rebuilds the keydir at open: replays segments in id order (later records win), from hint files where a good
 * one exists. A torn or damaged tail of the last segment is what a crash leaves and is cut off; damage anywhere
 * else is corruption and fails the open.
 */
final class Recovery {

    private static final System.Logger LOG = System.getLogger(HashLogStore.class.getName());

    /** What open needs to go on. */
    record Result(NavigableMap<Long, Segment> segments, long maxSeq, long truncatedBytes, int hintsLoaded,
            int segmentsScanned) {
    }

    private final Path dir;
    private final ChannelFactory channels;
    private final KeyDir keyDir;
    private final NavigableMap<Long, Segment> segments = new TreeMap<>();
    private long maxSeq;
    private int hintsLoaded;
    private int segmentsScanned;
    private long truncatedBytes;

    Recovery(Path dir, ChannelFactory channels, KeyDir keyDir) {
        this.dir = dir;
        this.channels = channels;
        this.keyDir = keyDir;
    }

    /** On failure the segments opened so far are closed; the caller releases the directory lock. */
    Result run() throws IOException {
        try {
            replayAll();
        } catch (IOException | RuntimeException e) {
            segments.values().forEach(Segment::release);
            throw e;
        }
        computeDeadBytes();
        return new Result(segments, maxSeq, truncatedBytes, hintsLoaded, segmentsScanned);
    }

    private void replayAll() throws IOException {
        TreeSet<Long> dataIds = new TreeSet<>();
        TreeSet<Long> hintIds = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(SegmentFiles.TEMP_SUFFIX)) {
                    // Output of a merge that did not finish; its inputs are all still here.
                    channels.delete(file);
                } else if (SegmentFiles.parse(name, SegmentFiles.DATA_SUFFIX) >= 0) {
                    dataIds.add(SegmentFiles.parse(name, SegmentFiles.DATA_SUFFIX));
                } else if (SegmentFiles.parse(name, SegmentFiles.HINT_SUFFIX) >= 0) {
                    hintIds.add(SegmentFiles.parse(name, SegmentFiles.HINT_SUFFIX));
                }
            }
        }
        for (long id : hintIds) {
            if (!dataIds.contains(id)) {
                // A merge deleted the segment and crashed before deleting its hint.
                channels.delete(SegmentFiles.hint(dir, id));
            }
        }
        Long last = dataIds.isEmpty() ? null : dataIds.last();
        for (long id : dataIds) {
            boolean isLast = id == last;
            Path path = SegmentFiles.data(dir, id);
            FileChannel channel = isLast
                    ? channels.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : channels.open(path, StandardOpenOption.READ);
            Segment segment;
            try {
                segment = new Segment(id, path, channel, channel.size(), channels, isLast);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            segments.put(id, segment);
            if (!hintIds.contains(id) || !replayHint(segment)) {
                replaySegment(segment, isLast);
            }
        }
    }

    private boolean replayHint(Segment segment) throws IOException {
        Path hintPath = SegmentFiles.hint(dir, segment.id);
        Object read = HintFile.read(channels, hintPath, segment.id, segment.size());
        if (read instanceof String why) {
            String note = "hint file " + hintPath.getFileName() + " is unusable (" + why + "); scanning " + segment;
            LOG.log(Level.WARNING, note);
            return false;
        }
        segment.setHintBytes(Files.size(hintPath));
        @SuppressWarnings("unchecked")
        List<HintFile.Hint> hints = (List<HintFile.Hint>) read;
        for (HintFile.Hint h : hints) {
            keyDir.put(h.key(), new KeyDir.Entry(segment.id, h.offset(), h.key().length, h.valueLength(), h.seq()));
            maxSeq = Math.max(maxSeq, h.seq());
        }
        hintsLoaded++;
        return true;
    }

    /** One operation of a batch whose COMMIT has not been read yet. */
    private record Pending(RecordCodec.Record record, long offset) {
    }

    private void replaySegment(Segment segment, boolean isLast) throws IOException {
        segmentsScanned++;
        SegmentScanner scanner = new SegmentScanner(segment, segment.size());
        List<Pending> batch = new ArrayList<>();
        long batchStart = -1;
        RecordCodec.Record r;
        while ((r = scanner.next()) != null) {
            long offset = scanner.recordOffset();
            maxSeq = Math.max(maxSeq, r.seq());
            if (r.inBatch()) {
                if (batch.isEmpty()) {
                    batchStart = offset;
                }
                batch.add(new Pending(r, offset));
            } else if (r.kind() == RecordCodec.COMMIT) {
                if (r.committedOperations() != batch.size()) {
                    throw corrupt(segment, offset, "commit of " + r.committedOperations() + " operations follows "
                            + batch.size());
                }
                for (Pending p : batch) {
                    apply(segment, p.record, p.offset);
                }
                batch.clear();
            } else {
                if (!batch.isEmpty()) {
                    throw corrupt(segment, offset, "record inside an uncommitted batch");
                }
                apply(segment, r, offset);
            }
        }
        if (scanner.problem() == null && batch.isEmpty()) {
            return;
        }
        long cut = batch.isEmpty() ? scanner.position() : batchStart;
        String why = scanner.problem() != null ? scanner.problem() : "batch without its commit record";
        if (!isLast) {
            throw corrupt(segment, scanner.position(), why);
        }
        long lost = segment.size() - cut;
        String note = "segment " + segment + ": cut " + lost + " bytes of torn tail at offset " + cut + " (" + why
                + (batch.isEmpty() ? "" : ", " + batch.size() + " uncommitted batch operations dropped") + ")";
        LOG.log(Level.WARNING, note);
        segment.truncate(cut);
        segment.force();
        truncatedBytes += lost;
    }

    private void apply(Segment segment, RecordCodec.Record r, long offset) {
        if (r.kind() == RecordCodec.PUT) {
            keyDir.put(r.key(), new KeyDir.Entry(segment.id, offset, r.key().length, r.value().length, r.seq()));
        } else if (r.kind() == RecordCodec.DELETE) {
            keyDir.remove(r.key());
        }
    }

    private static CorruptionException corrupt(Segment segment, long offset, String why) {
        return new CorruptionException("segment " + segment.path + " is damaged at offset " + offset + ": " + why);
    }

    /** Dead bytes are whatever the keydir does not point at: overwritten values, tombstones, commits. */
    private void computeDeadBytes() {
        Map<Long, Long> live = new HashMap<>();
        keyDir.forEach((key, e) -> live.merge(e.segmentId(), (long) e.recordSize(), Long::sum));
        for (Segment s : segments.values()) {
            s.setDead(s.size() - live.getOrDefault(s.id, 0L));
        }
    }
}
