package io.distdb.storage.lsm.table;

import io.distdb.storage.CorruptionException;
import io.distdb.storage.internal.ByteOrder;
import io.distdb.storage.internal.Checksums;

/**
 * The fixed-size end of a table file: where the filter and index blocks are, the entry count, the
 * format version, a checksum of those fields, and a magic number that marks a complete table.
 */
public record Footer(BlockHandle filter, BlockHandle index, long entries) {

    public static final int BYTES = 48;
    public static final int FORMAT_VERSION = 1;
    public static final long MAGIC = 0x44697374_44425353L; // "DistDBSS"

    public byte[] encode() {
        byte[] out = new byte[BYTES];
        ByteOrder.putLong(out, 0, filter.offset());
        ByteOrder.putInt(out, 8, filter.size());
        ByteOrder.putLong(out, 12, index.offset());
        ByteOrder.putInt(out, 20, index.size());
        ByteOrder.putLong(out, 24, entries);
        ByteOrder.putInt(out, 32, FORMAT_VERSION);
        ByteOrder.putInt(out, 36, Checksums.crc32c(out, 0, 36));
        ByteOrder.putLong(out, 40, MAGIC);
        return out;
    }

    public static Footer decode(byte[] in, String file) {
        if (in.length != BYTES || ByteOrder.getLong(in, 40) != MAGIC) {
            throw new CorruptionException("table " + file + " has no valid footer (bad magic number): the file is truncated or not a table");
        }
        if (ByteOrder.getInt(in, 36) != Checksums.crc32c(in, 0, 36)) {
            throw new CorruptionException("table " + file + " footer fails its checksum");
        }
        int version = ByteOrder.getInt(in, 32);
        if (version != FORMAT_VERSION) {
            throw new CorruptionException("table " + file + " has format version " + version + ", this build reads " + FORMAT_VERSION);
        }
        return new Footer(new BlockHandle(ByteOrder.getLong(in, 0), ByteOrder.getInt(in, 8)),
                new BlockHandle(ByteOrder.getLong(in, 12), ByteOrder.getInt(in, 20)), ByteOrder.getLong(in, 24));
    }
}
