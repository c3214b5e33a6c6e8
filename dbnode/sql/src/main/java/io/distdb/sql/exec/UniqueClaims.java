package io.distdb.sql.exec;

import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.catalog.IndexDef;
import io.distdb.sql.catalog.TableDef;
import io.distdb.sql.codec.Keys;
import io.distdb.sql.storage.KeyClaims;
import io.distdb.sql.types.Values;
import io.distdb.storage.ReadView;
import io.distdb.storage.WriteBatch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Uniqueness on a cluster, where several engines write the same tables and a read-then-write check is not
 * atomic: before a statement's batch is written, each new primary key is claimed by a compare-and-set of
 * its row key (the row itself is the claimed value), and each new value of a unique index by a
 * compare-and-set of its claim key ({@link Keys#uniqueClaimKey}), whose value names the owning row. A lost
 * claim is a duplicate. A statement that fails after some claims gives them back, so nothing half-applies;
 * claims of values a statement no longer holds are released once its batch is written.
 *
 * <p>Order matters for the stale-claim check: a row is always claimed (or rewritten by compare-and-set)
 * with its new values before their index claims are made, so a claim whose row does not hold its values is
 * one that its owner gave up (or failed to release) and may be taken over.
 */
public final class UniqueClaims {

    private final KeyClaims claims;
    private final RowWriter writer;
    private final TableRows rows;

    public UniqueClaims(KeyClaims claims, RowWriter writer, TableRows rows) {
        this.claims = claims;
        this.writer = writer;
        this.rows = rows;
    }

    /**
     * Claims what {@code changes} need, reading owners through {@code view}. On a lost claim gives back the
     * claims made so far and throws 23505 (duplicate key).
     */
    public Held claim(TableDef table, List<RowWriter.Change> changes, ReadView view) {
        Held held = new Held(table, changes);
        try {
            claimRows(held, view);
            claimIndexValues(held, view);
            return held;
        } catch (RuntimeException e) {
            held.undo(e);
            throw e;
        }
    }

    private void claimRows(Held held, ReadView view) {
        TableDef table = held.table;
        for (RowWriter.Change c : held.changes) {
            if (c.after() == null) {
                continue;
            }
            byte[] pk = writer.primaryKey(table, c.after());
            byte[] value = writer.encodeRow(table, c.after());
            byte[] rowKey = Keys.rowKey(table.id(), pk);
            boolean moved = c.before() == null || !Arrays.equals(writer.primaryKey(table, c.before()), pk);
            if (moved) {
                // A row this statement moves away from pk may still be there: it may be replaced, nothing else.
                Object[] leaving = held.leaving.get(ByteBuffer.wrap(pk));
                byte[] leavingValue = leaving == null ? null : writer.encodeRow(table, leaving);
                Predicate<byte[]> absent = current -> current == null || leavingValue != null && Arrays.equals(current, leavingValue);
                if (!held.take(rowKey, absent, value)) {
                    throw RowWriter.duplicatePrimaryKey(table, c.after());
                }
                held.claimedRows.add(ByteBuffer.wrap(rowKey));
            } else if (changesUniqueValues(table, c)) {
                // Written before the new values are claimed, so that a claim never names a row without them.
                if (!held.take(rowKey, current -> current != null, value)) {
                    throw SqlErrors.serializationFailure("could not serialize access: a row of \"" + table.name()
                            + "\" was deleted by another statement while this one updated it");
                }
                held.claimedRows.add(ByteBuffer.wrap(rowKey));
            }
        }
    }

    private void claimIndexValues(Held held, ReadView view) {
        TableDef table = held.table;
        for (IndexDef index : table.indexes()) {
            if (!index.unique()) {
                continue;
            }
            for (RowWriter.Change c : held.changes) {
                if (c.after() == null) {
                    continue;
                }
                List<Object> values = RowWriter.indexValues(table, index, c.after());
                if (values.contains(null) || c.before() != null && holdsSameClaim(table, index, c)) {
                    continue;
                }
                byte[] pk = writer.primaryKey(table, c.after());
                Predicate<byte[]> free = owner -> owner == null || Arrays.equals(owner, pk)
                        || !stillHolds(held, index, owner, values, view);
                if (!held.take(Keys.uniqueClaimKey(index, values), free, pk)) {
                    throw RowWriter.duplicateIndexValue(table, index, c.after());
                }
            }
        }
    }

    /** Whether the row {@code owner} (as this statement leaves it, else as stored) holds {@code values}. */
    private boolean stillHolds(Held held, IndexDef index, byte[] owner, List<Object> values, ReadView view) {
        ByteBuffer id = ByteBuffer.wrap(owner);
        Object[] row;
        if (held.after.containsKey(id)) {
            row = held.after.get(id);
        } else {
            byte[] stored = view.get(Keys.rowKey(held.table.id(), owner));
            row = stored == null ? null : rows.decode(held.table, stored);
        }
        return row != null && same(RowWriter.indexValues(held.table, index, row), values);
    }

    private boolean holdsSameClaim(TableDef table, IndexDef index, RowWriter.Change c) {
        return Arrays.equals(writer.primaryKey(table, c.before()), writer.primaryKey(table, c.after()))
                && same(RowWriter.indexValues(table, index, c.before()), RowWriter.indexValues(table, index, c.after()));
    }

    private boolean changesUniqueValues(TableDef table, RowWriter.Change c) {
        for (IndexDef index : table.indexes()) {
            if (index.unique() && !same(RowWriter.indexValues(table, index, c.before()), RowWriter.indexValues(table, index, c.after()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean same(List<Object> a, List<Object> b) {
        for (int i = 0; i < a.size(); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            if (x == null || y == null ? x != y : Values.compare(x, y) != 0) {
                return false;
            }
        }
        return true;
    }

    /** One compare-and-set this statement made: what it wrote, and what was there before ({@code seen[0]}). */
    private record Taken(byte[] key, byte[][] seen, byte[] value) {
        byte[] previous() {
            return seen[0];
        }
    }

    /** The claims of one statement, until its batch is written (then {@link #releaseGivenUp}) or it fails ({@link #undo}). */
    public final class Held {
        private final TableDef table;
        private final List<RowWriter.Change> changes;
        /** Rows as this statement leaves them, by primary key ({@code null}: removed). */
        private final Map<ByteBuffer, Object[]> after = new HashMap<>();
        /** Rows as they were before this statement moved, rewrote or deleted them, by their old primary key. */
        private final Map<ByteBuffer, Object[]> leaving = new HashMap<>();
        private final Set<ByteBuffer> claimedRows = new HashSet<>();
        private final List<Taken> taken = new ArrayList<>();

        private Held(TableDef table, List<RowWriter.Change> changes) {
            this.table = table;
            this.changes = changes;
            for (RowWriter.Change c : changes) {
                if (c.before() != null) {
                    ByteBuffer old = ByteBuffer.wrap(writer.primaryKey(table, c.before()));
                    after.put(old, null);
                    leaving.put(old, c.before());
                }
            }
            for (RowWriter.Change c : changes) {
                if (c.after() != null) {
                    ByteBuffer pk = ByteBuffer.wrap(writer.primaryKey(table, c.after()));
                    after.put(pk, c.after());
                }
            }
        }

        /**
         * One compare-and-set, remembered for {@link #undo} as soon as it may have happened: a call that
         * fails without an answer may still have written.
         */
        private boolean take(byte[] key, Predicate<byte[]> accept, byte[] value) {
            byte[][] seen = new byte[1][];
            taken.add(new Taken(key, seen, value));
            KeyClaims.Outcome outcome = claims.compareAndSet(key, current -> {
                seen[0] = current;
                return accept.test(current);
            }, value);
            if (!outcome.applied()) {
                taken.remove(taken.size() - 1);
            }
            return outcome.applied();
        }

        /**
         * {@code batch} without what it does to the rows the claims already wrote: their final value is the
         * claimed one (a key both vacated and claimed, as when a statement swaps two keys, keeps the claim).
         */
        public WriteBatch remaining(WriteBatch batch) {
            if (claimedRows.isEmpty()) {
                return batch;
            }
            WriteBatch rest = new WriteBatch();
            for (WriteBatch.Op op : batch.ops()) {
                if (claimedRows.contains(ByteBuffer.wrap(op.key()))) {
                    continue;
                }
                if (op.isDelete()) {
                    rest.delete(op.key());
                } else {
                    rest.put(op.key(), op.value());
                }
            }
            return rest;
        }

        /** Gives back every claim this statement made, newest first, where it still holds; failures join {@code cause}. */
        public void undo(Throwable cause) {
            for (int i = taken.size() - 1; i >= 0; i--) {
                Taken t = taken.get(i);
                try {
                    claims.compareAndSet(t.key(), current -> current != null && Arrays.equals(current, t.value()), t.previous());
                } catch (RuntimeException e) {
                    cause.addSuppressed(e);
                }
            }
            taken.clear();
        }

        /**
         * After the batch is written: releases the unique values rows no longer hold (deleted, or updated to
         * other values or another key). A release that fails leaves a stale claim, which the next claimant of
         * those values sees is stale and takes over.
         */
        public void releaseGivenUp() {
            for (IndexDef index : table.indexes()) {
                if (!index.unique()) {
                    continue;
                }
                for (RowWriter.Change c : changes) {
                    if (c.before() == null || c.after() != null && holdsSameClaim(table, index, c)) {
                        continue;
                    }
                    List<Object> values = RowWriter.indexValues(table, index, c.before());
                    if (values.contains(null)) {
                        continue;
                    }
                    byte[] pk = writer.primaryKey(table, c.before());
                    try {
                        claims.compareAndSet(Keys.uniqueClaimKey(index, values), owner -> owner != null && Arrays.equals(owner, pk), null);
                    } catch (RuntimeException ignored) {
                        // a stale claim, taken over by the next writer of these values
                    }
                }
            }
        }
    }
}
