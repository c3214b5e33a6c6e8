package io.distdb.storage.internal;

import java.util.zip.CRC32C;

/** CRC32C, the checksum of every record and block the engines write. */
public final class Checksums {

    private Checksums() {
    }

    public static int crc32c(byte[] buf, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buf, offset, length);
        return (int) crc.getValue();
    }
}
