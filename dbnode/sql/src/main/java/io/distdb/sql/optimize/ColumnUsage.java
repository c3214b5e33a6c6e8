package io.distdb.sql.optimize;

import io.distdb.sql.plan.BoundExpr;
import io.distdb.sql.plan.Exprs;
import io.distdb.sql.plan.LogicalPlan;

import java.util.BitSet;
import java.util.List;

/**
 * Marks on every scan which of its table's columns the query reads at all, so that replicas can leave the
 * others out of what they send. A query level's columns are read by its projection (or its grouping), the
 * conditions of its FROM clause, and the correlated subqueries that look at its rows; scans of UPDATE and
 * DELETE keep every column, since the whole row is rewritten.
 */
final class ColumnUsage {

    private ColumnUsage() {
    }

    static LogicalPlan mark(LogicalPlan plan) {
        if (plan instanceof LogicalPlan.Project p) {
            LogicalPlan below = skipFilters(p.input());
            if (below instanceof LogicalPlan.Aggregate a) {
                return new LogicalPlan.Project(rebuildFilters(p.input(), aggregate(a)), subqueries(p.exprs()));
            }
            if (isFrom(below)) {
                BitSet used = new BitSet();
                for (BoundExpr e : p.exprs()) {
                    used.or(Exprs.slots(e));
                }
                return new LogicalPlan.Project(region(p.input(), used), subqueries(p.exprs()));
            }
            return new LogicalPlan.Project(mark(p.input()), subqueries(p.exprs()));
        }
        if (plan instanceof LogicalPlan.Aggregate a) {
            return aggregate(a);
        }
        if (plan instanceof LogicalPlan.Filter f) {
            return new LogicalPlan.Filter(mark(f.input()), subqueries(f.condition()));
        }
        if (plan instanceof LogicalPlan.Sort s) {
            return new LogicalPlan.Sort(mark(s.input()), s.keys());
        }
        if (plan instanceof LogicalPlan.Limit l) {
            return new LogicalPlan.Limit(mark(l.input()), l.limit(), l.offset());
        }
        if (plan instanceof LogicalPlan.Distinct d) {
            return new LogicalPlan.Distinct(mark(d.input()));
        }
        if (plan instanceof LogicalPlan.SetOp s) {
            return new LogicalPlan.SetOp(s.kind(), s.all(), mark(s.left()), mark(s.right()));
        }
        return plan;
    }

    private static LogicalPlan aggregate(LogicalPlan.Aggregate a) {
        BitSet used = new BitSet();
        for (BoundExpr g : a.groups()) {
            used.or(Exprs.slots(g));
        }
        for (LogicalPlan.AggregateCall c : a.aggregates()) {
            if (c.argument() != null) {
                used.or(Exprs.slots(c.argument()));
            }
            if (c.separator() != null) {
                used.or(Exprs.slots(c.separator()));
            }
        }
        LogicalPlan input = isFrom(skipFilters(a.input())) ? region(a.input(), used) : mark(a.input());
        return new LogicalPlan.Aggregate(input, a.groups(), a.aggregates());
    }

    /** Rewrites a FROM region: every condition in it adds its columns, then each scan keeps what is used. */
    private static LogicalPlan region(LogicalPlan p, BitSet used) {
        collect(p, used);
        return apply(p, used);
    }

    private static void collect(LogicalPlan p, BitSet used) {
        if (p instanceof LogicalPlan.Filter f) {
            used.or(Exprs.slots(f.condition()));
            collect(f.input(), used);
        } else if (p instanceof LogicalPlan.Join j) {
            if (j.condition() != null) {
                used.or(Exprs.slots(j.condition()));
            }
            j.leftKeys().forEach(k -> used.or(Exprs.slots(k)));
            j.rightKeys().forEach(k -> used.or(Exprs.slots(k)));
            collect(j.left(), used);
            collect(j.right(), used);
        } else if (p instanceof LogicalPlan.Scan s) {
            s.filters().forEach(f -> used.or(Exprs.slots(f)));
        } else if (p instanceof LogicalPlan.Derived d) {
            d.filters().forEach(f -> used.or(Exprs.slots(f)));
        }
    }

    private static LogicalPlan apply(LogicalPlan p, BitSet used) {
        if (p instanceof LogicalPlan.Filter f) {
            return new LogicalPlan.Filter(apply(f.input(), used), subqueries(f.condition()));
        }
        if (p instanceof LogicalPlan.Join j) {
            return new LogicalPlan.Join(apply(j.left(), used), apply(j.right(), used), j.type(), j.condition(), j.leftKeys(),
                    j.rightKeys(), j.leftSlots(), j.rightSlots(), j.width());
        }
        if (p instanceof LogicalPlan.Scan s) {
            BitSet read = new BitSet();
            int n = s.table().columns().size();
            for (int i = 0; i < n; i++) {
                if (used.get(s.offset() + i)) {
                    read.set(i);
                }
            }
            return new LogicalPlan.Scan(s.table(), s.alias(), s.offset(), s.width(), s.filters(), s.access(), read, s.estimatedRows());
        }
        if (p instanceof LogicalPlan.Derived d) {
            return d.withInput(mark(d.input()));
        }
        return mark(p);
    }

    private static List<BoundExpr> subqueries(List<BoundExpr> exprs) {
        return exprs.stream().map(ColumnUsage::subqueries).toList();
    }

    /** Marks the plans of the subqueries inside {@code e}: each is a query level of its own. */
    private static BoundExpr subqueries(BoundExpr e) {
        if (!Exprs.hasSubquery(e)) {
            return e;
        }
        return Exprs.rewrite(e, node -> {
            if (node instanceof BoundExpr.ScalarSubquery s) {
                return new BoundExpr.ScalarSubquery(sub(s.query()), s.type());
            }
            if (node instanceof BoundExpr.Exists s) {
                return new BoundExpr.Exists(sub(s.query()));
            }
            if (node instanceof BoundExpr.QuantifiedSubquery q) {
                return new BoundExpr.QuantifiedSubquery(subqueries(q.operand()), q.op(), q.all(), q.not(), sub(q.query()));
            }
            return null;
        });
    }

    private static BoundExpr.Subquery sub(BoundExpr.Subquery s) {
        return new BoundExpr.Subquery(mark((LogicalPlan) s.plan()), s.correlated(), s.outerSlots(), s.describe());
    }

    private static LogicalPlan skipFilters(LogicalPlan p) {
        while (p instanceof LogicalPlan.Filter f) {
            p = f.input();
        }
        return p;
    }

    /** {@code filters} (a chain of Filters over something) with that something replaced by {@code bottom}. */
    private static LogicalPlan rebuildFilters(LogicalPlan filters, LogicalPlan bottom) {
        if (filters instanceof LogicalPlan.Filter f) {
            return new LogicalPlan.Filter(rebuildFilters(f.input(), bottom), subqueries(f.condition()));
        }
        return bottom;
    }

    private static boolean isFrom(LogicalPlan p) {
        return p instanceof LogicalPlan.Scan || p instanceof LogicalPlan.Join || p instanceof LogicalPlan.Derived;
    }
}
