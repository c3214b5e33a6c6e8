package io.distdb.sql.exec;

import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.catalog.ColumnDef;
import io.distdb.sql.catalog.IndexDef;
import io.distdb.sql.catalog.TableDef;
import io.distdb.sql.codec.Keys;
import io.distdb.sql.codec.RowCodec;
import io.distdb.sql.codec.TupleCodec;
import io.distdb.sql.types.Values;
import io.distdb.storage.KvIterator;
import io.distdb.storage.ReadView;
import io.distdb.storage.ScanRange;
import io.distdb.storage.WriteBatch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the rows a statement writes into one write batch: row keys and values, and the index entries that
 * follow them. Checks every row before anything is written (NOT NULL, sizes, primary key and unique index
 * collisions against the store and within the statement), so a failed statement changes nothing.
 */
public final class RowWriter {

    private final RowCodec codec;
    private final int maxKeyBytes;
    private final int maxValueBytes;
    private final boolean storeChecks;

    public RowWriter(RowCodec codec, int maxKeyBytes, int maxValueBytes) {
        this(codec, maxKeyBytes, maxValueBytes, true);
    }

    /**
     * @param storeChecks whether new keys and unique values are checked against the store; an engine whose
     *                    uniqueness is decided by key claims ({@link UniqueClaims}) skips those reads: the claims
     *                    read the same keys, atomically, and a unique value's check would scan the index on
     *                    every node
     */
    public RowWriter(RowCodec codec, int maxKeyBytes, int maxValueBytes, boolean storeChecks) {
        this.codec = codec;
        this.maxKeyBytes = maxKeyBytes;
        this.maxValueBytes = maxValueBytes;
        this.storeChecks = storeChecks;
    }

    /** The encoded primary key tuple of a full row. */
    public byte[] primaryKey(TableDef table, Object[] row) {
        List<Object> values = new ArrayList<>();
        for (int slot : table.primaryKeySlots()) {
            values.add(row[slot]);
        }
        byte[] tuple = TupleCodec.encode(values);
        if (tuple.length > maxKeyBytes) {
            throw SqlErrors.tooLarge("the primary key of table \"" + table.name() + "\" is " + tuple.length
                    + " bytes, more than the limit of " + maxKeyBytes + " (distdb.limits.max-key-bytes)");
        }
        return tuple;
    }

    /**
     * An encoded key as a hash set member. {@link ByteBuffer#hashCode} (and {@link Arrays#hashCode}) spread
     * tuple-encoded integer keys over few buckets (a million sequential ids share about 128 thousand), which
     * turns a large statement's duplicate check into tree-bin lookups; FNV-1a with a final mix spreads them
     * evenly.
     */
    private static final class KeyBytes {
        private final byte[] bytes;
        private final int hash;

        KeyBytes(byte[] bytes) {
            this.bytes = bytes;
            int h = 0x811c9dc5;
            for (byte b : bytes) {
                h ^= b & 0xff;
                h *= 0x01000193;
            }
            h ^= h >>> 16;
            h *= 0x85ebca6b;
            this.hash = h ^ (h >>> 13);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof KeyBytes k && k.hash == hash && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Checks a row's NOT NULL columns. */
    public void checkNotNull(TableDef table, Object[] row) {
        for (int i = 0; i < row.length; i++) {
            ColumnDef c = table.columns().get(i);
            if (row[i] == null && (c.notNull() || table.primaryKey().contains(c.name()))) {
                throw SqlErrors.notNull("null value in column \"" + c.name() + "\" of relation \"" + table.name()
                        + "\" violates not-null constraint");
            }
        }
    }

    /** One row change: {@code before} null for an insert, {@code after} null for a delete. */
    public record Change(Object[] before, Object[] after) {
    }

    /**
     * Checks and stages {@code changes} of {@code table} into {@code batch}, reading current state from
     * {@code view}. Rows that the changes themselves remove or rewrite do not count as collisions.
     */
    public void stage(TableDef table, List<Change> changes, ReadView view, WriteBatch batch) {
        Set<KeyBytes> removedKeys = new HashSet<>();
        Set<KeyBytes> newKeys = new HashSet<>(Math.max(16, changes.size() * 4 / 3 + 1));
        List<byte[]> afterKeys = new ArrayList<>(changes.size());
        for (Change c : changes) {
            if (c.before() != null) {
                removedKeys.add(new KeyBytes(primaryKey(table, c.before())));
            }
        }
        for (Change c : changes) {
            if (c.after() == null) {
                afterKeys.add(null);
                continue;
            }
            checkNotNull(table, c.after());
            byte[] pk = primaryKey(table, c.after());
            KeyBytes k = new KeyBytes(pk);
            if (!newKeys.add(k) || storeChecks && !removedKeys.contains(k) && view.get(Keys.rowKey(table.id(), pk)) != null) {
                throw duplicatePrimaryKey(table, c.after());
            }
            afterKeys.add(pk);
        }
        for (IndexDef index : table.indexes()) {
            if (index.unique()) {
                checkUnique(table, index, changes, removedKeys, view);
            }
        }
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            if (c.before() != null) {
                byte[] oldPk = primaryKey(table, c.before());
                if (c.after() == null || !Arrays.equals(oldPk, afterKeys.get(i))) {
                    batch.delete(Keys.rowKey(table.id(), oldPk));
                }
                for (IndexDef index : table.indexes()) {
                    batch.delete(Keys.indexKey(index, indexValues(table, index, c.before()), oldPk));
                }
            }
        }
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            if (c.after() == null) {
                continue;
            }
            byte[] pk = afterKeys.get(i);
            byte[] value = encodeRow(table, c.after());
            batch.put(Keys.rowKey(table.id(), pk), value);
            for (IndexDef index : table.indexes()) {
                byte[] key = Keys.indexKey(index, indexValues(table, index, c.after()), pk);
                if (key.length > maxKeyBytes + 64) {
                    throw SqlErrors.tooLarge("an entry of index \"" + index.name() + "\" is " + key.length
                            + " bytes, more than the limit of " + maxKeyBytes + " (distdb.limits.max-key-bytes)");
                }
                batch.put(key, new byte[0]);
            }
        }
    }

    private void checkUnique(TableDef table, IndexDef index, List<Change> changes, Set<KeyBytes> removedKeys, ReadView view) {
        Map<List<Object>, Boolean> seen = new HashMap<>();
        for (Change c : changes) {
            if (c.after() == null) {
                continue;
            }
            List<Object> values = indexValues(table, index, c.after());
            if (values.contains(null)) {
                continue; // NULLs are never equal: any number of rows may hold them
            }
            List<Object> key = Values.hashKeys(values.toArray());
            boolean conflict = seen.put(key, Boolean.TRUE) != null;
            byte[] pk = primaryKey(table, c.after());
            if (!conflict && storeChecks) {
                try (KvIterator it = view.scan(ScanRange.prefix(Keys.indexValuesPrefix(index, values)))) {
                    while (it.hasNext()) {
                        byte[] other = Keys.primaryKeyOfIndexKey(index, it.next().key());
                        if (!Arrays.equals(other, pk) && !removedKeys.contains(new KeyBytes(other))
                                && sameValues(table, index, view, other, values)) {
                            conflict = true;
                            break;
                        }
                    }
                }
            }
            if (conflict) {
                throw duplicateIndexValue(table, index, c.after());
            }
        }
    }

    /** A hash index's prefix holds every value of that hash: compare the row's actual values. */
    private boolean sameValues(TableDef table, IndexDef index, ReadView view, byte[] pk, List<Object> values) {
        if (index.kind() == IndexDef.Kind.BTREE) {
            return true;
        }
        byte[] stored = view.get(Keys.rowKey(table.id(), pk));
        if (stored == null) {
            return false;
        }
        Object[] row = codec.decode(stored, table.columns().size());
        List<Object> theirs = indexValues(table, index, row);
        for (int i = 0; i < values.size(); i++) {
            if (theirs.get(i) == null || Values.compare(theirs.get(i), values.get(i)) != 0) {
                return false;
            }
        }
        return true;
    }

    /** 23505 for a second row with {@code row}'s primary key, worded as PostgreSQL words it. */
    public static io.distdb.sql.errors.SqlException duplicatePrimaryKey(TableDef table, Object[] row) {
        return SqlErrors.duplicateKey("duplicate key value violates unique constraint \"" + table.name() + "_pkey\"",
                "Key (" + String.join(", ", table.primaryKey()) + ")=(" + describe(table, row, table.primaryKeySlots())
                + ") already exists.");
    }

    /** 23505 for a second row with {@code row}'s values of a unique index. */
    public static io.distdb.sql.errors.SqlException duplicateIndexValue(TableDef table, IndexDef index, Object[] row) {
        return SqlErrors.duplicateKey("duplicate key value violates unique constraint \"" + index.name() + "\"",
                "Key (" + String.join(", ", index.columns()) + ")=(" + describe(table, row, table.slots(index.columns()))
                + ") already exists.");
    }

    /** The encoded row as stored, checked against the value size limit. */
    public byte[] encodeRow(TableDef table, Object[] row) {
        byte[] value = codec.encode(row);
        if (value.length > maxValueBytes) {
            throw SqlErrors.tooLarge("a row of table \"" + table.name() + "\" is " + value.length
                    + " bytes, more than the limit of " + maxValueBytes + " (distdb.limits.max-value-bytes)");
        }
        return value;
    }

    public static List<Object> indexValues(TableDef table, IndexDef index, Object[] row) {
        List<Object> values = new ArrayList<>(index.columns().size());
        for (int slot : table.slots(index.columns())) {
            values.add(row[slot]);
        }
        return values;
    }

    private static String describe(TableDef table, Object[] row, int[] slots) {
        List<String> parts = new ArrayList<>();
        for (int s : slots) {
            parts.add(row[s] == null ? "null" : Values.toText(row[s]));
        }
        return String.join(", ", parts);
    }
}
