package io.distdb.storage.lsm;

/**
 * How an LSM table's data blocks are stored. Each block records its own kind in its trailer, so a store
 * reads tables written under any setting; changing the setting only affects tables written afterwards
 * (flushes and compactions).
 */
public enum Compression {
    /** Blocks stored as built. */
    NONE((byte) 0),
    /**
     * LZ4 (lz4-java, native when the platform has it, pure Java otherwise). A block that does not shrink by
     * at least an eighth is stored uncompressed.
     */
    LZ4((byte) 1);

    private final byte code;

    Compression(byte code) {
        this.code = code;
    }

    /** The block trailer's compression byte. */
    public byte code() {
        return code;
    }
}
