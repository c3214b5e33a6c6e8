package io.distdb.storage.lsm.table;

import io.distdb.storage.internal.Varint;

/** Where a block lies in a table file: offset and size of its contents (the trailer follows). */
public record BlockHandle(long offset, int size) {

    public byte[] encode() {
        byte[] out = new byte[Varint.size(offset) + Varint.size(size)];
        Varint.write(out, Varint.write(out, 0, offset), size);
        return out;
    }

    public static BlockHandle decode(byte[] bytes) {
        int[] pos = {0};
        long offset = Varint.read(bytes, pos, bytes.length);
        int size = Varint.readInt(bytes, pos, bytes.length);
        return new BlockHandle(offset, size);
    }
}
