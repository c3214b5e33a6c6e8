package io.distdb.server.replication;

import io.distdb.storage.ScanRange;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The binary bodies replicas exchange on the admin port: lists of versioned keys, framed by length and
 * closed by a CRC32C of everything before it, so that a truncated or damaged batch (a stream cut
 * mid-transfer) is refused whole instead of half-applied.
 */
public final class Wire {

    private Wire() {
    }

    public static byte[] encodeMutations(List<Mutation> mutations) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + mutations.size() * 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(mutations.size());
            for (Mutation m : mutations) {
                writeBytes(out, m.key());
                writeBytes(out, m.version().encode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return withChecksum(bytes.toByteArray());
    }

    public static List<Mutation> decodeMutations(byte[] body) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(verified(body)));
        try {
            int count = in.readInt();
            if (count < 0) {
                throw new CorruptBatchException("negative entry count");
            }
            List<Mutation> mutations = new ArrayList<>(Math.min(count, 1 << 16));
            for (int i = 0; i < count; i++) {
                byte[] key = readBytes(in);
                mutations.add(new Mutation(key, Versioned.decode(readBytes(in))));
            }
            return mutations;
        } catch (IOException | IllegalStateException e) {
            throw new CorruptBatchException("malformed batch: " + e.getMessage());
        }
    }

    /** A page of a scan, and the {@link EntryShaper} spec the replica applies to it ({@code null}: none). */
    public record ScanRequest(ScanRange range, byte[] shaperSpec) {
    }

    public static byte[] encodeScan(ScanRange range, byte[] shaperSpec) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeBoolean(range.isDescending());
            out.writeInt(range.limit());
            writeNullable(out, range.from());
            writeNullable(out, range.to());
            // Last, so that a node that does not shape reads the range and ignores the rest.
            writeNullable(out, shaperSpec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return withChecksum(bytes.toByteArray());
    }

    public static ScanRequest decodeScan(byte[] body) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(verified(body)));
        try {
            boolean descending = in.readBoolean();
            int limit = in.readInt();
            ScanRange range = ScanRange.between(readNullable(in), readNullable(in)).limit(limit);
            byte[] spec = in.available() > 0 ? readNullable(in) : null;
            return new ScanRequest(descending ? range.descending() : range, spec);
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptBatchException("malformed scan request: " + e.getMessage());
        }
    }

    /** A fold over {@code range}: the ring's range ends, the indexes of the ranges this replica folds, and the fold's spec. */
    public record FoldRequest(ScanRange range, long[] ringEnds, int[] assigned, byte[] spec) {
    }

    public static byte[] encodeFold(FoldRequest request) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeNullable(out, request.range().from());
            writeNullable(out, request.range().to());
            out.writeInt(request.ringEnds().length);
            for (long end : request.ringEnds()) {
                out.writeLong(end);
            }
            out.writeInt(request.assigned().length);
            for (int r : request.assigned()) {
                out.writeInt(r);
            }
            writeBytes(out, request.spec());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return withChecksum(bytes.toByteArray());
    }

    public static FoldRequest decodeFold(byte[] body) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(verified(body)));
        try {
            ScanRange range = ScanRange.between(readNullable(in), readNullable(in));
            long[] ends = new long[count(in, 8)];
            for (int i = 0; i < ends.length; i++) {
                ends[i] = in.readLong();
            }
            int[] assigned = new int[count(in, 4)];
            for (int i = 0; i < assigned.length; i++) {
                assigned[i] = in.readInt();
                if (assigned[i] < 0 || assigned[i] >= ends.length) {
                    throw new IOException("assigned range " + assigned[i] + " is not one of the " + ends.length);
                }
            }
            return new FoldRequest(range, ends, assigned, readBytes(in));
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptBatchException("malformed fold request: " + e.getMessage());
        }
    }

    public static byte[] encodeFoldAnswer(LocalReplica.FoldAnswer answer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(answer.digests().length);
            for (long d : answer.digests()) {
                out.writeLong(d);
            }
            writeBytes(out, answer.partial());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return withChecksum(bytes.toByteArray());
    }

    public static LocalReplica.FoldAnswer decodeFoldAnswer(byte[] body) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(verified(body)));
        try {
            long[] digests = new long[count(in, 8)];
            for (int i = 0; i < digests.length; i++) {
                digests[i] = in.readLong();
            }
            return new LocalReplica.FoldAnswer(digests, readBytes(in));
        } catch (IOException e) {
            throw new CorruptBatchException("malformed fold answer: " + e.getMessage());
        }
    }

    private static int count(DataInputStream in, int bytesEach) throws IOException {
        int n = in.readInt();
        if (n < 0 || (long) n * bytesEach > in.available()) {
            throw new IOException("count " + n + " exceeds the body");
        }
        return n;
    }

    public static byte[] encodeKey(byte[] key) {
        return withChecksum(key);
    }

    public static byte[] decodeKey(byte[] body) {
        return verified(body);
    }

    /** Any other replica body closed by its checksum, as every body here is. */
    public static byte[] seal(byte[] content) {
        return withChecksum(content);
    }

    /** The content of a body made by {@link #seal}, refused if damaged or cut short. */
    public static byte[] unseal(byte[] body) {
        return verified(body);
    }

    private static byte[] withChecksum(byte[] content) {
        CRC32C crc = new CRC32C();
        crc.update(content);
        int sum = (int) crc.getValue();
        byte[] framed = new byte[content.length + 4];
        System.arraycopy(content, 0, framed, 0, content.length);
        framed[content.length] = (byte) (sum >>> 24);
        framed[content.length + 1] = (byte) (sum >>> 16);
        framed[content.length + 2] = (byte) (sum >>> 8);
        framed[content.length + 3] = (byte) sum;
        return framed;
    }

    private static byte[] verified(byte[] framed) {
        if (framed.length < 4) {
            throw new CorruptBatchException("body shorter than its checksum");
        }
        int length = framed.length - 4;
        CRC32C crc = new CRC32C();
        crc.update(framed, 0, length);
        int expected = ((framed[length] & 0xFF) << 24) | ((framed[length + 1] & 0xFF) << 16)
                | ((framed[length + 2] & 0xFF) << 8) | (framed[length + 3] & 0xFF);
        if ((int) crc.getValue() != expected) {
            throw new CorruptBatchException("checksum mismatch: the body was damaged or cut short");
        }
        byte[] content = new byte[length];
        System.arraycopy(framed, 0, content, 0, length);
        return content;
    }

    private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("entry length " + length + " exceeds the body");
        }
        byte[] value = new byte[length];
        in.readFully(value);
        return value;
    }

    private static void writeNullable(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
        } else {
            writeBytes(out, value);
        }
    }

    private static byte[] readNullable(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.available()) {
            throw new IOException("bound length " + length + " exceeds the body");
        }
        byte[] value = new byte[length];
        in.readFully(value);
        return value;
    }

    /** A replica body that fails its checksum or framing; nothing of it is applied. */
    public static final class CorruptBatchException extends RuntimeException {
        public CorruptBatchException(String message) {
            super(message);
        }
    }
}
