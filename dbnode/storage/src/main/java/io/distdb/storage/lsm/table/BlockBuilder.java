package io.distdb.storage.lsm.table;

import io.distdb.storage.internal.ByteOrder;
import io.distdb.storage.internal.Varint;
import java.util.Arrays;

/**
 * Builds one sorted block. Keys are prefix-compressed against the previous key; every
 * {@code restartInterval} entries a key is stored whole (a restart point) so that a reader can binary
 * search the restart points and then scan a few entries. Layout:
 * {@code entries..., restart offsets [int32 each], restart count [int32]}; an entry is
 * {@code [shared][unshared][valueLength] [unshared key bytes] [value]} with varint lengths.
 */
public final class BlockBuilder {

    private final int restartInterval;
    private byte[] buf = new byte[8192];
    private int size;
    private int[] restarts = new int[16];
    private int restartCount;
    private int sinceRestart;
    private byte[] lastKey = new byte[0];
    private int entries;

    public BlockBuilder(int restartInterval) {
        this.restartInterval = restartInterval;
        reset();
    }

    public void reset() {
        size = 0;
        restartCount = 0;
        addRestart(0);
        sinceRestart = 0;
        lastKey = new byte[0];
        entries = 0;
    }

    private void addRestart(int offset) {
        if (restartCount == restarts.length) {
            restarts = Arrays.copyOf(restarts, restartCount * 2);
        }
        restarts[restartCount++] = offset;
    }

    /** Appends an entry; keys must come in increasing order. */
    public void add(byte[] key, byte[] value) {
        int shared = 0;
        if (sinceRestart < restartInterval) {
            int max = Math.min(lastKey.length, key.length);
            while (shared < max && lastKey[shared] == key[shared]) {
                shared++;
            }
        } else {
            addRestart(size);
            sinceRestart = 0;
        }
        int unshared = key.length - shared;
        ensure(15 + unshared + value.length);
        size = Varint.write(buf, size, shared);
        size = Varint.write(buf, size, unshared);
        size = Varint.write(buf, size, value.length);
        System.arraycopy(key, shared, buf, size, unshared);
        size += unshared;
        System.arraycopy(value, 0, buf, size, value.length);
        size += value.length;
        lastKey = key;
        sinceRestart++;
        entries++;
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }

    public boolean isEmpty() {
        return entries == 0;
    }

    /** Size the block will have when finished. */
    public int estimatedSize() {
        return size + restartCount * 4 + 4;
    }

    public byte[] lastKey() {
        return lastKey;
    }

    /** The finished block's bytes. The builder must be {@link #reset()} before reuse. */
    public byte[] finish() {
        byte[] out = Arrays.copyOf(buf, estimatedSize());
        int pos = size;
        for (int i = 0; i < restartCount; i++) {
            ByteOrder.putInt(out, pos, restarts[i]);
            pos += 4;
        }
        ByteOrder.putInt(out, pos, restartCount);
        return out;
    }
}
