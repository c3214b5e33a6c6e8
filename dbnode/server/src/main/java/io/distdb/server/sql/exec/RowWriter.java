package io.distdb.server.sql.exec;

import io.distdb.server.sql.catalog.IndexDef;
import io.distdb.server.sql.catalog.TableDef;
import io.distdb.server.sql.codec.Keys;
import io.distdb.server.sql.codec.RowCodec;
import io.distdb.server.sql.codec.TupleCodec;
import io.distdb.server.store.ClientLimits;
import io.distdb.storage.WriteBatch;

import java.util.ArrayList;
import java.util.List;

/** Stages a row and its index entries into a write batch, so both land atomically; checks sizes first. */
public final class RowWriter {

    private final RowCodec codec;
    private final ClientLimits limits;

    public RowWriter(RowCodec codec, ClientLimits limits) {
        this.codec = codec;
        this.limits = limits;
    }

    public static List<Object> values(Object[] row, int[] slots) {
        List<Object> values = new ArrayList<>(slots.length);
        for (int slot : slots) {
            values.add(row[slot]);
        }
        return values;
    }

    public static byte[] primaryKeyTuple(TableDef table, Object[] row) {
        return TupleCodec.encode(values(row, table.primaryKeySlots()));
    }

    public static byte[] rowKey(TableDef table, Object[] row) {
        return Keys.rowKey(table.id(), primaryKeyTuple(table, row));
    }

    public static byte[] indexKey(TableDef table, IndexDef index, Object[] row) {
        return Keys.indexKey(index, values(row, table.slots(index.columns())), primaryKeyTuple(table, row));
    }

    /** The encoded row after checking the key and value limits (413 when over). */
    public byte[] encodeChecked(TableDef table, Object[] row, String which) {
        byte[] key = primaryKeyTuple(table, row);
        limits.checkKey("primary key of " + which, key);
        byte[] value = codec.encode(row);
        limits.checkValue(which, value);
        for (IndexDef index : table.indexes()) {
            limits.checkKey("entry of index " + index.name() + " for " + which, indexKey(table, index, row));
        }
        return value;
    }

    public void stagePut(TableDef table, Object[] row, byte[] encoded, WriteBatch batch) {
        batch.put(rowKey(table, row), encoded);
        stageIndexPuts(table, row, batch);
    }

    public void stageIndexPuts(TableDef table, Object[] row, WriteBatch batch) {
        for (IndexDef index : table.indexes()) {
            batch.put(indexKey(table, index, row), new byte[0]);
        }
    }

    public void stageDelete(TableDef table, Object[] row, WriteBatch batch) {
        batch.delete(rowKey(table, row));
        for (IndexDef index : table.indexes()) {
            batch.delete(indexKey(table, index, row));
        }
    }
}
