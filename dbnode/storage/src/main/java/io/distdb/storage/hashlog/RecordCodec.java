package io.distdb.storage.hashlog;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Encodes and checks log records. Layout, big-endian:
 *
 * <pre>
 * offset size field
 *  0     4    crc32c of bytes [4, end): type, seq, lengths, key and value
 *  4     1    type: PUT=1, DELETE=2, COMMIT=3, plus flag 0x10 on the operations of a multi-operation batch
 *  5     8    sequence number
 * 13     4    key length
 * 17     4    value length (0 for DELETE, 4 for COMMIT)
 * 21     k    key (empty for COMMIT)
 * 21+k   v    value (for COMMIT: the number of batch operations it commits, u32)
 * </pre>
 *
 * The operations of a batch carry the batch flag and are followed by one COMMIT record; recovery applies them
 * only once it has read that COMMIT, so a batch torn by a crash disappears whole.
 */
final class RecordCodec {

    static final int HEADER_BYTES = 21;

    static final byte PUT = 1;
    static final byte DELETE = 2;
    static final byte COMMIT = 3;
    static final byte BATCH_FLAG = 0x10;

    /** Bigger than any real record; rejects garbage lengths before they turn into huge allocations. */
    static final long MAX_RECORD_BYTES = Integer.MAX_VALUE - 64;

    private static final byte[] EMPTY = new byte[0];

    private RecordCodec() {
    }

    static int recordSize(int keyLength, int valueLength) {
        return HEADER_BYTES + keyLength + valueLength;
    }

    /** Appends one record at the buffer's position. {@code value} is null for a delete. */
    static void encode(ByteBuffer out, byte type, long seq, byte[] key, byte[] value) {
        byte[] v = value == null ? EMPTY : value;
        int start = out.position();
        out.putInt(0);
        out.put(type);
        out.putLong(seq);
        out.putInt(key.length);
        out.putInt(v.length);
        out.put(key);
        out.put(v);
        out.putInt(start, crc(out, start + 4, out.position()));
    }

    static void encodeCommit(ByteBuffer out, long seq, int operations) {
        encode(out, COMMIT, seq, EMPTY, ByteBuffer.allocate(4).putInt(operations).array());
    }

    static int crc(ByteBuffer buf, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().limit(to).position(from));
        return (int) crc.getValue();
    }

    /** Why a header cannot start a valid record, or null if it can; {@code available} is what the file still holds. */
    static String checkHeader(ByteBuffer header, long available) {
        byte type = header.get(4);
        int kind = type & ~BATCH_FLAG;
        int keyLength = header.getInt(13);
        int valueLength = header.getInt(17);
        if (kind < PUT || kind > COMMIT || (kind == COMMIT && (type & BATCH_FLAG) != 0)) {
            return "unknown record type " + type;
        }
        if (keyLength < 0 || valueLength < 0
                || (long) HEADER_BYTES + keyLength + valueLength > MAX_RECORD_BYTES) {
            return "impossible lengths key=" + keyLength + " value=" + valueLength;
        }
        if (kind == DELETE && valueLength != 0 || kind == COMMIT && (keyLength != 0 || valueLength != 4)
                || kind != COMMIT && keyLength == 0) {
            return "lengths key=" + keyLength + " value=" + valueLength + " do not fit type " + type;
        }
        if ((long) HEADER_BYTES + keyLength + valueLength > available) {
            return "record of " + ((long) HEADER_BYTES + keyLength + valueLength) + " bytes runs past the end of the file ("
                    + available + " bytes left)";
        }
        return null;
    }

    /**
     * Decodes the complete record in {@code buf} (position 0 to limit), or returns why it is not one: a bad
     * header, a length that disagrees with the buffer, or a checksum mismatch.
     */
    static Object decode(ByteBuffer buf) {
        if (buf.remaining() < HEADER_BYTES) {
            return "record shorter than its header";
        }
        String bad = checkHeader(buf, buf.remaining());
        if (bad != null) {
            return bad;
        }
        int keyLength = buf.getInt(13);
        int valueLength = buf.getInt(17);
        int size = HEADER_BYTES + keyLength + valueLength;
        if (size != buf.remaining()) {
            return "record is " + size + " bytes, expected " + buf.remaining();
        }
        int stored = buf.getInt(0);
        int actual = crc(buf, 4, size);
        if (stored != actual) {
            return String.format("checksum mismatch (stored %08x, computed %08x)", stored, actual);
        }
        byte[] key = new byte[keyLength];
        byte[] value = new byte[valueLength];
        buf.get(HEADER_BYTES, key);
        buf.get(HEADER_BYTES + keyLength, value);
        return new Record(buf.get(4), buf.getLong(5), key, value);
    }

    /** One decoded record. */
    record Record(byte type, long seq, byte[] key, byte[] value) {

        int kind() {
            return type & ~BATCH_FLAG;
        }

        boolean inBatch() {
            return (type & BATCH_FLAG) != 0;
        }

        int size() {
            return recordSize(key.length, value.length);
        }

        /** The number of operations a COMMIT record commits. */
        int committedOperations() {
            return ByteBuffer.wrap(value).getInt();
        }
    }
}
