package io.distdb.sql.bind;

import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.types.SqlType;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The names visible where an expression is bound: the columns of a query's FROM clause, each at its slot
 * of the wide row, and the scope of the enclosing query for correlated references.
 */
final class Scope {

    /**
     * One visible column. {@code mergedAway} marks the second copy of a {@code USING}/{@code NATURAL} join
     * column: reachable with its table's name, skipped by {@code *} and by an unqualified name.
     */
    record Field(String qualifier, String name, SqlType type, int slot, boolean mergedAway, int coalesceSlot) {
        Field(String qualifier, String name, SqlType type, int slot, boolean mergedAway) {
            this(qualifier, name, type, slot, mergedAway, -1);
        }

        Field asMergedAway() {
            return new Field(qualifier, name, type, slot, true, coalesceSlot);
        }

        /** The merged column of a FULL join's USING: {@code COALESCE(this slot, other)}. */
        Field coalescedWith(int other, SqlType mergedType) {
            return new Field(qualifier, name, mergedType, slot, mergedAway, other);
        }
    }

    /** A resolved name: the field and how many queries out it was found (0 = this one). */
    record Resolved(Field field, int levelsUp) {
    }

    final List<Field> fields;
    final Scope outer;
    /** Slots of this scope read by subqueries bound inside it since the last {@link #startCapture()}. */
    private BitSet captured = new BitSet();
    /** Whether anything bound in this scope read an enclosing scope. */
    boolean readsOuter;

    Scope(List<Field> fields, Scope outer) {
        this.fields = List.copyOf(fields);
        this.outer = outer;
    }

    static Scope empty(Scope outer) {
        return new Scope(List.of(), outer);
    }

    BitSet startCapture() {
        BitSet saved = captured;
        captured = new BitSet();
        return saved;
    }

    BitSet endCapture(BitSet saved) {
        BitSet mine = captured;
        saved.or(mine);
        captured = saved;
        return mine;
    }

    /** Finds {@code qualifier.name} (qualifier may be null) here or in an enclosing scope. */
    Resolved resolve(String qualifier, String name) {
        int levels = 0;
        for (Scope s = this; s != null; s = s.outer, levels++) {
            Field f = s.find(qualifier, name);
            if (f != null) {
                if (levels > 0) {
                    s.captured.set(f.slot());
                    if (f.coalesceSlot() >= 0) {
                        s.captured.set(f.coalesceSlot());
                    }
                    for (Scope inner = this; inner != s; inner = inner.outer) {
                        inner.readsOuter = true;
                    }
                }
                return new Resolved(f, levels);
            }
        }
        if (qualifier != null && !anyQualifier(qualifier)) {
            throw new io.distdb.sql.errors.SqlException("42P01", SqlErrors.UNKNOWN_TABLE,
                    "missing FROM-clause entry for table \"" + qualifier + "\"");
        }
        throw SqlErrors.unknownColumn(qualifier == null ? name : qualifier + "." + name);
    }

    private boolean anyQualifier(String qualifier) {
        for (Scope s = this; s != null; s = s.outer) {
            for (Field f : s.fields) {
                if (qualifier.equals(f.qualifier())) {
                    return true;
                }
            }
        }
        return false;
    }

    private Field find(String qualifier, String name) {
        List<Field> matches = new ArrayList<>();
        for (Field f : fields) {
            if (f.name().equals(name) && (qualifier == null || qualifier.equals(f.qualifier()))) {
                matches.add(f);
            }
        }
        if (matches.size() > 1 && qualifier == null) {
            matches.removeIf(f -> f.mergedAway());
        }
        if (matches.size() > 1) {
            throw SqlErrors.ambiguousColumn(qualifier == null ? name : qualifier + "." + name);
        }
        return matches.isEmpty() ? null : matches.get(0);
    }

    /** The fields {@code *} or {@code qualifier.*} expands to. */
    List<Field> star(String qualifier) {
        List<Field> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.name().startsWith("\0")) {
                continue; // a hidden row id
            }
            if (qualifier == null ? !f.mergedAway() : qualifier.equals(f.qualifier())) {
                out.add(f);
            }
        }
        if (qualifier != null && out.isEmpty()) {
            throw new io.distdb.sql.errors.SqlException("42P01", SqlErrors.UNKNOWN_TABLE,
                    "missing FROM-clause entry for table \"" + qualifier + "\"");
        }
        return out;
    }
}
