package io.distdb.storage.lsm.table;

import io.distdb.storage.CorruptionException;
import io.distdb.storage.internal.ByteOrder;
import io.distdb.storage.internal.Varint;
import io.distdb.storage.lsm.InternalIterator;
import io.distdb.storage.lsm.InternalKey;
import java.util.Arrays;

/** A block written by {@link BlockBuilder}, read in place. Its bytes have passed their checksum. */
public final class Block {

    private final byte[] data;
    private final int restartsOffset;
    private final int restartCount;

    public Block(byte[] data) {
        this.data = data;
        if (data.length < 4) {
            throw new CorruptionException("block of " + data.length + " bytes is too short");
        }
        restartCount = ByteOrder.getInt(data, data.length - 4);
        restartsOffset = data.length - 4 - restartCount * 4;
        if (restartCount < 1 || restartsOffset < 0) {
            throw new CorruptionException("block restart array is damaged");
        }
    }

    public int sizeInBytes() {
        return data.length;
    }

    public BlockIterator iterator() {
        return new BlockIterator();
    }

    private int restartPoint(int index) {
        return ByteOrder.getInt(data, restartsOffset + index * 4);
    }

    /**
     * Iterates a block in both directions. Going back re-scans from the previous restart point, as blocks
     * store keys as deltas.
     */
    public final class BlockIterator implements InternalIterator {
        private final int[] cursor = new int[1];
        private int current = restartsOffset;
        private int nextOffset;
        private int restartIndex;
        private byte[] keyBuf = new byte[64];
        private int keyLength;
        private int valueOffset;
        private int valueLength;
        private byte[] keyCopy;

        @Override
        public boolean valid() {
            return current < restartsOffset;
        }

        private void seekToRestart(int index) {
            keyLength = 0;
            restartIndex = index;
            nextOffset = restartPoint(index);
        }

        /** Decodes the entry at {@code nextOffset}; returns false at the end of the block. */
        private boolean parseNext() {
            current = nextOffset;
            if (current >= restartsOffset) {
                current = restartsOffset;
                return false;
            }
            cursor[0] = current;
            int shared = Varint.readInt(data, cursor, restartsOffset);
            int unshared = Varint.readInt(data, cursor, restartsOffset);
            int vlen = Varint.readInt(data, cursor, restartsOffset);
            int p = cursor[0];
            if (shared > keyLength || p + unshared + vlen > restartsOffset) {
                throw new CorruptionException("block entry at offset " + current + " is damaged");
            }
            if (shared + unshared > keyBuf.length) {
                keyBuf = Arrays.copyOf(keyBuf, Math.max(keyBuf.length * 2, shared + unshared));
            }
            System.arraycopy(data, p, keyBuf, shared, unshared);
            keyLength = shared + unshared;
            keyCopy = null;
            valueOffset = p + unshared;
            valueLength = vlen;
            nextOffset = valueOffset + vlen;
            while (restartIndex + 1 < restartCount && restartPoint(restartIndex + 1) <= current) {
                restartIndex++;
            }
            return true;
        }

        @Override
        public void seekToFirst() {
            seekToRestart(0);
            parseNext();
        }

        @Override
        public void seekToLast() {
            seekToRestart(restartCount - 1);
            while (parseNext() && nextOffset < restartsOffset) {
                // walk to the final entry
            }
        }

        @Override
        public void seek(byte[] target) {
            // Last restart point whose key is < target; the answer lies at or after it.
            int lo = 0;
            int hi = restartCount - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (compareRestartKey(mid, target) < 0) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            seekToRestart(lo);
            while (parseNext()) {
                if (InternalKey.compare(keyBuf, 0, keyLength, target, 0, target.length) >= 0) {
                    return;
                }
            }
        }

        private int compareRestartKey(int index, byte[] target) {
            cursor[0] = restartPoint(index);
            int shared = Varint.readInt(data, cursor, restartsOffset);
            int unshared = Varint.readInt(data, cursor, restartsOffset);
            Varint.readInt(data, cursor, restartsOffset);
            if (shared != 0 || cursor[0] + unshared > restartsOffset) {
                throw new CorruptionException("block restart point " + index + " is damaged");
            }
            return InternalKey.compare(data, cursor[0], unshared, target, 0, target.length);
        }

        @Override
        public void seekForPrev(byte[] target) {
            seek(target);
            if (!valid()) {
                seekToLast();
            } else if (InternalKey.compare(keyBuf, 0, keyLength, target, 0, target.length) > 0) {
                prev();
            }
        }

        @Override
        public void next() {
            parseNext();
        }

        @Override
        public void prev() {
            int original = current;
            while (restartPoint(restartIndex) >= original) {
                if (restartIndex == 0) {
                    current = restartsOffset;
                    return;
                }
                restartIndex--;
            }
            seekToRestart(restartIndex);
            while (parseNext() && nextOffset < original) {
                // walk to the entry just before the original one
            }
        }

        @Override
        public byte[] key() {
            if (keyCopy == null) {
                keyCopy = Arrays.copyOf(keyBuf, keyLength);
            }
            return keyCopy;
        }

        @Override
        public byte[] value() {
            return Arrays.copyOfRange(data, valueOffset, valueOffset + valueLength);
        }

        /** Whether the current key's user part equals {@code userKey}, without copying. */
        public boolean currentUserKeyEquals(byte[] userKey) {
            return keyLength - InternalKey.TRAILER_BYTES == userKey.length
                    && Arrays.equals(keyBuf, 0, userKey.length, userKey, 0, userKey.length);
        }

        public byte currentType() {
            return keyBuf[keyLength - 1];
        }
    }
}
