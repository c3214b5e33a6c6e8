package io.distdb.sql.bind;

import io.distdb.sql.plan.LogicalPlan;

import java.util.BitSet;

/** The wide-row layout of a FROM clause: which slots a part of it fills, and the clause's total width. */
final class Widths {

    private Widths() {
    }

    /** The slots the FROM-clause subtree {@code plan} fills. */
    static BitSet slots(LogicalPlan plan) {
        return switch (plan) {
            case LogicalPlan.Scan s -> s.slots();
            case LogicalPlan.Derived d -> d.slots();
            case LogicalPlan.Join j -> {
                BitSet b = (BitSet) j.leftSlots().clone();
                b.or(j.rightSlots());
                yield b;
            }
            case LogicalPlan.Filter f -> slots(f.input());
            default -> new BitSet();
        };
    }

    /** Sets the FROM clause's total width on every operator of it, once all its items are bound. */
    static LogicalPlan set(LogicalPlan plan, int width) {
        return switch (plan) {
            case LogicalPlan.Scan s -> new LogicalPlan.Scan(s.table(), s.alias(), s.offset(), width, s.filters(), s.access(),
                    s.readColumns(), s.estimatedRows());
            case LogicalPlan.Derived d -> new LogicalPlan.Derived(d.input(), d.alias(), d.offset(), d.columns(), width, d.filters());
            case LogicalPlan.Join j -> new LogicalPlan.Join(set(j.left(), width), set(j.right(), width), j.type(), j.condition(),
                    j.leftKeys(), j.rightKeys(), j.leftSlots(), j.rightSlots(), width);
            case LogicalPlan.Filter f -> new LogicalPlan.Filter(set(f.input(), width), f.condition());
            default -> plan;
        };
    }
}
