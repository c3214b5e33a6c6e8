package io.distdb.storage.lsm.version;

import io.distdb.storage.ChannelFactory;
import io.distdb.storage.CorruptionException;
import io.distdb.storage.StorageException;
import io.distdb.storage.internal.Directories;
import io.distdb.storage.internal.Varint;
import io.distdb.storage.lsm.wal.LogReader;
import io.distdb.storage.lsm.wal.LogWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable record of which tables are live. Each change writes the whole state to
 * {@code MANIFEST.tmp}, fsyncs it, and renames it over {@code MANIFEST}: a rename is atomic, so a crash
 * during a flush or compaction leaves either the old or the new set of tables, never a mix. The state is
 * small (a few bytes per table), so rewriting it whole is cheap and leaves no log to replay. There is no
 * separate pointer file: {@code MANIFEST} is the only name recovery reads.
 */
public final class Manifest {

    private static final int FORMAT_VERSION = 1;

    /** One table as the manifest records it. */
    public record FileEntry(int level, long number, long sizeBytes, long entries, byte[] smallest, byte[] largest) {
    }

    /**
     * The recorded state.
     *
     * @param logNumber write-ahead logs numbered below this are fully captured in tables
     * @param lastSequence a sequence at least as high as any in the tables
     */
    public record State(long nextFileNumber, long logNumber, long lastSequence, List<FileEntry> files) {
    }

    private Manifest() {
    }

    public static boolean exists(Path dir) {
        return Files.exists(dir.resolve(FileNames.MANIFEST));
    }

    /**
     * Makes {@code state} the durable one. The tables it lists must be fsync-ed already; their directory
     * entries are synced here, before the rename, so that no crash can leave a manifest naming a table
     * whose entry was lost.
     *
     * <p>On failure before the rename the old manifest stands; a failure of the final directory sync
     * leaves it unknown which of the two a crash would keep. Either way the caller must keep every file
     * that either state needs (tables of both, logs from the older log number on) and change nothing in
     * memory that assumes the new state.
     */
    public static void write(ChannelFactory channels, Path dir, State state) {
        Path temp = dir.resolve(FileNames.MANIFEST_TEMP);
        try {
            channels.delete(temp);
            try (LogWriter writer = LogWriter.create(channels, temp)) {
                writer.append(encode(state));
                writer.sync();
            }
            Directories.sync(channels, dir);
            channels.rename(temp, dir.resolve(FileNames.MANIFEST));
            Directories.sync(channels, dir);
        } catch (IOException e) {
            throw new StorageException("cannot write manifest in " + dir + ": " + e.getMessage(), e);
        }
    }

    public static State read(ChannelFactory channels, Path dir) {
        Path path = dir.resolve(FileNames.MANIFEST);
        List<byte[]> records = new ArrayList<>();
        LogReader.Result result = LogReader.read(channels, path, records::add);
        if (records.size() != 1 || result.hasBadTail()) {
            throw new CorruptionException("manifest " + path + " is damaged (" + records.size() + " valid records, "
                    + result.validBytes() + " of " + result.fileBytes() + " bytes valid)");
        }
        return decode(records.get(0), path);
    }

    private static byte[] encode(State state) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, FORMAT_VERSION);
        writeVarint(out, state.nextFileNumber());
        writeVarint(out, state.logNumber());
        writeVarint(out, state.lastSequence());
        writeVarint(out, state.files().size());
        for (FileEntry f : state.files()) {
            writeVarint(out, f.level());
            writeVarint(out, f.number());
            writeVarint(out, f.sizeBytes());
            writeVarint(out, f.entries());
            writeVarint(out, f.smallest().length);
            out.writeBytes(f.smallest());
            writeVarint(out, f.largest().length);
            out.writeBytes(f.largest());
        }
        return out.toByteArray();
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        byte[] buf = new byte[10];
        out.write(buf, 0, Varint.write(buf, 0, v));
    }

    private static State decode(byte[] in, Path path) {
        int[] pos = {0};
        int version = Varint.readInt(in, pos, in.length);
        if (version != FORMAT_VERSION) {
            throw new CorruptionException("manifest " + path + " has format version " + version + ", this build reads " + FORMAT_VERSION);
        }
        long nextFile = Varint.read(in, pos, in.length);
        long logNumber = Varint.read(in, pos, in.length);
        long lastSequence = Varint.read(in, pos, in.length);
        int count = Varint.readInt(in, pos, in.length);
        List<FileEntry> files = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int level = Varint.readInt(in, pos, in.length);
            long number = Varint.read(in, pos, in.length);
            long size = Varint.read(in, pos, in.length);
            long entries = Varint.read(in, pos, in.length);
            byte[] smallest = readBytes(in, pos, path);
            byte[] largest = readBytes(in, pos, path);
            files.add(new FileEntry(level, number, size, entries, smallest, largest));
        }
        return new State(nextFile, logNumber, lastSequence, files);
    }

    private static byte[] readBytes(byte[] in, int[] pos, Path path) {
        int len = Varint.readInt(in, pos, in.length);
        if (len > in.length - pos[0]) {
            throw new CorruptionException("manifest " + path + " is damaged: field runs past the end");
        }
        byte[] out = new byte[len];
        System.arraycopy(in, pos[0], out, 0, len);
        pos[0] += len;
        return out;
    }

}
