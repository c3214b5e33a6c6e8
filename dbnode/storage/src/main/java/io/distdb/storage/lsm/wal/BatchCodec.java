package io.distdb.storage.lsm.wal;

import io.distdb.storage.CorruptionException;
import io.distdb.storage.WriteBatch;
import io.distdb.storage.internal.ByteOrder;
import io.distdb.storage.internal.Varint;
import io.distdb.storage.lsm.InternalKey;
import java.util.List;

/**
 * The payload of one log record: the batches of one group commit, as
 * {@code [firstSequence:8][count:4] then per operation [type:1][keyLength][key][valueLength][value]}.
 * Operations take consecutive sequence numbers from {@code firstSequence}.
 */
public final class BatchCodec {

    /** Receives decoded operations. */
    @FunctionalInterface
    public interface OpConsumer {
        void accept(long sequence, byte type, byte[] key, byte[] value);
    }

    private BatchCodec() {
    }

    public static byte[] encode(List<WriteBatch> batches, long firstSequence) {
        int size = 12;
        int count = 0;
        for (WriteBatch batch : batches) {
            for (WriteBatch.Op op : batch.ops()) {
                int valueLength = op.isDelete() ? 0 : op.value().length;
                size += 1 + Varint.size(op.key().length) + op.key().length + Varint.size(valueLength) + valueLength;
                count++;
            }
        }
        byte[] out = new byte[size];
        ByteOrder.putLong(out, 0, firstSequence);
        ByteOrder.putInt(out, 8, count);
        int pos = 12;
        for (WriteBatch batch : batches) {
            for (WriteBatch.Op op : batch.ops()) {
                out[pos++] = op.isDelete() ? InternalKey.TYPE_DELETE : InternalKey.TYPE_PUT;
                pos = Varint.write(out, pos, op.key().length);
                System.arraycopy(op.key(), 0, out, pos, op.key().length);
                pos += op.key().length;
                byte[] value = op.isDelete() ? new byte[0] : op.value();
                pos = Varint.write(out, pos, value.length);
                System.arraycopy(value, 0, out, pos, value.length);
                pos += value.length;
            }
        }
        return out;
    }

    /** Decodes a payload; returns the last sequence number it holds. */
    public static long decode(byte[] payload, OpConsumer consumer) {
        if (payload.length < 12) {
            throw new CorruptionException("log record too short: " + payload.length + " bytes");
        }
        long sequence = ByteOrder.getLong(payload, 0);
        int count = ByteOrder.getInt(payload, 8);
        int[] pos = {12};
        for (int i = 0; i < count; i++) {
            if (pos[0] >= payload.length) {
                throw new CorruptionException("log record ends after " + i + " of " + count + " operations");
            }
            byte type = payload[pos[0]++];
            byte[] key = readBytes(payload, pos);
            byte[] value = readBytes(payload, pos);
            consumer.accept(sequence + i, type, key, value);
        }
        return sequence + count - 1;
    }

    private static byte[] readBytes(byte[] payload, int[] pos) {
        int length = Varint.readInt(payload, pos, payload.length);
        if (length > payload.length - pos[0]) {
            throw new CorruptionException("log record field runs past the record");
        }
        byte[] out = new byte[length];
        System.arraycopy(payload, pos[0], out, 0, length);
        pos[0] += length;
        return out;
    }
}
