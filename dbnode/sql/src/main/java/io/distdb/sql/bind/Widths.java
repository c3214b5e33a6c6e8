package io.distdb.sql.bind;

import io.distdb.sql.plan.LogicalPlan;

import java.util.BitSet;

/** The wide-row layout of a FROM clause: which slots a part of it fills, and the clause's total width. */
final class Widths {

    private Widths() {
    }

    /** The slots the FROM-clause subtree {@code plan} fills. */
    static BitSet slots(LogicalPlan plan) {
        if (plan instanceof LogicalPlan.Scan s) {
            return s.slots();
        }
        if (plan instanceof LogicalPlan.Derived d) {
            return d.slots();
        }
        if (plan instanceof LogicalPlan.Join j) {
            BitSet b = (BitSet) j.leftSlots().clone();
            b.or(j.rightSlots());
            return b;
        }
        if (plan instanceof LogicalPlan.Filter f) {
            return slots(f.input());
        }
        {
            return new BitSet();
        }
    }

    /** Sets the FROM clause's total width on every operator of it, once all its items are bound. */
    static LogicalPlan set(LogicalPlan plan, int width) {
        if (plan instanceof LogicalPlan.Scan s) {
            return new LogicalPlan.Scan(s.table(), s.alias(), s.offset(), width, s.filters(), s.access(),
                    s.readColumns(), s.estimatedRows());
        }
        if (plan instanceof LogicalPlan.Derived d) {
            return new LogicalPlan.Derived(d.input(), d.alias(), d.offset(), d.columns(), width, d.filters());
        }
        if (plan instanceof LogicalPlan.Join j) {
            return new LogicalPlan.Join(set(j.left(), width), set(j.right(), width), j.type(), j.condition(),
                    j.leftKeys(), j.rightKeys(), j.leftSlots(), j.rightSlots(), width);
        }
        if (plan instanceof LogicalPlan.Filter f) {
            return new LogicalPlan.Filter(set(f.input(), width), f.condition());
        }
        {
            return plan;
        }
    }
}
