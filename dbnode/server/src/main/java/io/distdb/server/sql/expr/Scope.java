package io.distdb.server.sql.expr;

import io.distdb.server.sql.SqlErrors;
import io.distdb.server.sql.catalog.ColumnDef;
import io.distdb.server.sql.catalog.TableDef;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The tables of a statement, in FROM order, and the statement's bound parameters. A row of the scope is the
 * concatenation of their columns, so a column reference compiles to a fixed slot.
 */
public final class Scope {

    /** One table of the FROM clause; {@code alias} is how columns may be qualified. */
    public record Entry(TableDef table, String alias, int offset) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Params params;
    private final BitSet readSlots = new BitSet();
    private int width;

    public Scope() {
        this(Params.NONE);
    }

    public Scope(Params params) {
        this.params = params;
    }

    public static Scope empty() {
        return new Scope();
    }

    /** No tables, only parameters: for constant expressions. */
    public static Scope empty(Params params) {
        return new Scope(params);
    }

    public static Scope of(TableDef table, String alias, Params params) {
        Scope s = new Scope(params);
        s.add(table, alias);
        return s;
    }

    /** The values of the statement's {@code ?} placeholders. */
    public Params params() {
        return params;
    }

    public Entry add(TableDef table, String alias) {
        Entry e = new Entry(table, alias, width);
        entries.add(e);
        width += table.columns().size();
        return e;
    }

    public List<Entry> entries() {
        return entries;
    }

    public int width() {
        return width;
    }

    /**
     * The slots of every column resolved in this scope so far, plus those {@link #markRead marked}: once a
     * statement is compiled, the columns it reads (replicas send only these).
     */
    public BitSet readSlots() {
        return (BitSet) readSlots.clone();
    }

    /** Records that a slot is read without a column reference to resolve ({@code SELECT *}). */
    public void markRead(int slot) {
        readSlots.set(slot);
    }

    /** Index of the entry a qualifier names, or -1. */
    public int entryIndex(String qualifier) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).alias().equals(qualifier)) {
                return i;
            }
        }
        return -1;
    }

    /** The table entry and slot of a column; fails on unknown or ambiguous names. */
    public int[] resolve(String qualifier, String column) {
        int foundEntry = -1;
        int foundSlot = -1;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (qualifier != null && !e.alias().equals(qualifier)) {
                continue;
            }
            int c = e.table().columnIndex(column);
            if (c < 0 || e.table().column(c).hidden()) {
                continue;
            }
            if (foundEntry >= 0) {
                throw SqlErrors.error("column reference '" + column + "' is ambiguous; qualify it with a table name");
            }
            foundEntry = i;
            foundSlot = e.offset() + c;
        }
        if (foundEntry < 0) {
            if (qualifier != null && entryIndex(qualifier) < 0) {
                throw new io.distdb.server.api.ApiException(400, SqlErrors.UNKNOWN_TABLE,
                        "table or alias '" + qualifier + "' is not in the FROM clause");
            }
            throw SqlErrors.unknownColumn(qualifier == null ? column : qualifier + "." + column);
        }
        readSlots.set(foundSlot);
        return new int[] {foundEntry, foundSlot};
    }

    public ColumnDef columnAt(int slot) {
        for (Entry e : entries) {
            if (slot >= e.offset() && slot < e.offset() + e.table().columns().size()) {
                return e.table().column(slot - e.offset());
            }
        }
        throw new IndexOutOfBoundsException(slot);
    }
}
