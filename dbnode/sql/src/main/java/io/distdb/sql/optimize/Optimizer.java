package io.distdb.sql.optimize;

import io.distdb.sql.plan.BoundExpr;
import io.distdb.sql.plan.Exprs;
import io.distdb.sql.plan.LogicalPlan;
import io.distdb.sql.plan.LogicalPlan.Derived;
import io.distdb.sql.plan.LogicalPlan.Filter;
import io.distdb.sql.plan.LogicalPlan.Join;
import io.distdb.sql.plan.LogicalPlan.JoinType;
import io.distdb.sql.plan.LogicalPlan.Scan;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Rewrites a bound plan into the one that runs:
 * <ol>
 *   <li><b>Predicate pushdown.</b> The WHERE clause and the ON conditions of inner joins are split into
 *   conjuncts; each goes to the lowest point where every column it reads exists: a single table's scan
 *   (where it can also choose the access path), a subquery in FROM, one side of an outer join where SQL
 *   allows it (the preserved side for WHERE, the nullable side for ON), or the join that brings its last
 *   table in.</li>
 *   <li><b>Join order.</b> The tables of a run of inner and comma joins are joined greedily: the one
 *   estimated smallest after its own conditions first, then always the smallest that an equality
 *   connects to what is already joined (a hash join on those equalities), a cross product only when
 *   nothing connects.</li>
 *   <li><b>Access paths</b> per scan, from its conditions ({@link AccessPaths}).</li>
 * </ol>
 * Subqueries' plans are optimized the same way, wherever they appear.
 */
public final class Optimizer {

    /** A product of estimates past which the estimate stops growing (it only ranks joins). */
    private static final double MAX_ESTIMATE = 1e15;

    /** Optimizes a query, then marks the columns each of its scans must deliver. */
    public LogicalPlan optimizeQuery(LogicalPlan plan) {
        return ColumnUsage.mark(optimize(plan));
    }

    public LogicalPlan optimize(LogicalPlan plan) {
        if (plan instanceof Filter f && (isFrom(f.input()))) {
            return from(f.input(), Exprs.conjuncts(subqueries(f.condition())));
        }
        if (plan instanceof Scan s) {
            return from(s, List.of());
        }
        if (plan instanceof Join j) {
            return from(j, List.of());
        }
        if (plan instanceof Derived d) {
            return from(d, List.of());
        }
        if (plan instanceof Filter f) {
            return new Filter(optimize(f.input()), subqueries(f.condition()));
        }
        if (plan instanceof LogicalPlan.Project p) {
            return new LogicalPlan.Project(optimize(p.input()), p.exprs().stream().map(this::subqueries).toList());
        }
        if (plan instanceof LogicalPlan.Aggregate a) {
            return new LogicalPlan.Aggregate(optimize(a.input()), a.groups().stream().map(this::subqueries).toList(),
                    a.aggregates().stream().map(c -> new LogicalPlan.AggregateCall(c.function(),
                            c.argument() == null ? null : subqueries(c.argument()), c.distinct(), c.type(), c.separator())).toList());
        }
        if (plan instanceof LogicalPlan.Sort s) {
            return new LogicalPlan.Sort(optimize(s.input()), s.keys().stream()
                    .map(k -> new LogicalPlan.SortKey(subqueries(k.expr()), k.descending(), k.nullsFirst())).toList());
        }
        if (plan instanceof LogicalPlan.Limit l) {
            return new LogicalPlan.Limit(optimize(l.input()), l.limit(), l.offset());
        }
        if (plan instanceof LogicalPlan.Distinct d) {
            return new LogicalPlan.Distinct(optimize(d.input()));
        }
        if (plan instanceof LogicalPlan.SetOp s) {
            return new LogicalPlan.SetOp(s.kind(), s.all(), optimize(s.left()), optimize(s.right()));
        }
        if (plan instanceof LogicalPlan.Values v) {
            return new LogicalPlan.Values(v.rows().stream().map(r -> r.stream().map(this::subqueries).toList()).toList(),
                    v.width());
        }
        throw new IllegalStateException("unexpected " + plan);
    }

    /** Optimizes the plans of the subqueries inside {@code e}. */
    private BoundExpr subqueries(BoundExpr e) {
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
                return new BoundExpr.QuantifiedSubquery(subqueries(q.operand()), q.op(), q.all(), q.not(),
                        sub(q.query()));
            }
            {
                return null;
            }
        });
    }

    private BoundExpr.Subquery sub(BoundExpr.Subquery s) {
        return new BoundExpr.Subquery(optimize((LogicalPlan) s.plan()), s.correlated(), s.outerSlots(), s.describe());
    }

    private static boolean isFrom(LogicalPlan p) {
        return p instanceof Scan || p instanceof Join || p instanceof Derived;
    }

    // ---- one FROM clause --------------------------------------------------------------------------------

    /** A table, subquery or outer join taking part in a run of inner joins, with its conditions. */
    private static final class Leaf {
        LogicalPlan plan;
        final BitSet slots;
        final List<BoundExpr> own = new ArrayList<>();
        double estimate;

        Leaf(LogicalPlan plan) {
            this.plan = plan;
            this.slots = slotsOf(plan);
        }
    }

    /** Plans the FROM subtree {@code root} with {@code conjuncts} to place (all read only its slots or none). */
    private LogicalPlan from(LogicalPlan root, List<BoundExpr> conjuncts) {
        List<Leaf> leaves = new ArrayList<>();
        List<BoundExpr> pending = new ArrayList<>(conjuncts);
        flatten(root, leaves, pending);
        List<BoundExpr> top = new ArrayList<>();
        for (BoundExpr c : pending) {
            BitSet used = Exprs.slots(c);
            Leaf home = null;
            if (!used.isEmpty()) {
                for (Leaf leaf : leaves) {
                    if (contains(leaf.slots, used)) {
                        home = leaf;
                        break;
                    }
                }
            }
            if (home != null) {
                home.own.add(c);
            } else {
                top.add(c);
            }
        }
        for (Leaf leaf : leaves) {
            leaf.plan = placeInLeaf(leaf.plan, leaf.own);
            leaf.estimate = estimate(leaf.plan);
        }
        // Conditions that read no column of this FROM (constants, uncorrelated subqueries, outer columns)
        // are checked once per row at the top; conditions over several leaves are placed on joins.
        List<BoundExpr> constant = new ArrayList<>();
        List<BoundExpr> multi = new ArrayList<>();
        for (BoundExpr c : top) {
            (Exprs.slots(c).isEmpty() ? constant : multi).add(c);
        }
        LogicalPlan joined = joinGreedily(leaves, multi);
        if (!multi.isEmpty()) {
            joined = new Filter(joined, Exprs.and(multi));
        }
        if (!constant.isEmpty()) {
            joined = new Filter(joined, Exprs.and(constant));
        }
        return joined;
    }

    /** Collects the leaves of a run of inner joins and the conjuncts of their ON conditions. */
    private void flatten(LogicalPlan p, List<Leaf> leaves, List<BoundExpr> conjuncts) {
        if (p instanceof Join j && j.type() == JoinType.INNER) {
            flatten(j.left(), leaves, conjuncts);
            flatten(j.right(), leaves, conjuncts);
            if (j.condition() != null) {
                conjuncts.addAll(Exprs.conjuncts(subqueries(j.condition())));
            }
        } else if (p instanceof Filter f && isFrom(f.input())) {
            flatten(f.input(), leaves, conjuncts);
            conjuncts.addAll(Exprs.conjuncts(subqueries(f.condition())));
        } else {
            leaves.add(new Leaf(p));
        }
    }

    /** Puts {@code conditions}, which read only {@code leaf}'s slots, into it. */
    private LogicalPlan placeInLeaf(LogicalPlan leaf, List<BoundExpr> conditions) {
        if (leaf instanceof Scan s) {
            return AccessPaths.choose(s.withFilters(concat(s.filters(), conditions)));
        }
        if (leaf instanceof Derived d) {
            return d.withInput(optimize(d.input())).withFilters(concat(d.filters(), conditions));
        }
        if (leaf instanceof Join j && (j.type() == JoinType.LEFT)) {
            return outerJoin(j, conditions);
        }
        if (leaf instanceof Join j) {
            // FULL joins keep their conditions above: neither side may lose rows early.
                Join full = new Join(from(j.left(), List.of()), from(j.right(), List.of()), j.type(), subqueriesOrNull(j.condition()),
                        List.of(), List.of(), j.leftSlots(), j.rightSlots(), j.width());
                LogicalPlan planned = withHashKeys(full);
                return conditions.isEmpty() ? planned : new Filter(planned, Exprs.and(conditions));
        }
        {
            return conditions.isEmpty() ? optimize(leaf) : new Filter(optimize(leaf), Exprs.and(conditions));
        }
    }

    /**
     * A LEFT join: WHERE conditions on the preserved (left) side go into it; ON conditions that read only
     * the nullable (right) side go into that side; the rest stay in the join's condition (ON) or above it
     * (WHERE).
     */
    private LogicalPlan outerJoin(Join j, List<BoundExpr> whereConditions) {
        List<BoundExpr> toLeft = new ArrayList<>();
        List<BoundExpr> above = new ArrayList<>();
        for (BoundExpr c : whereConditions) {
            (contains(j.leftSlots(), Exprs.slots(c)) && !Exprs.slots(c).isEmpty() ? toLeft : above).add(c);
        }
        List<BoundExpr> toRight = new ArrayList<>();
        List<BoundExpr> on = new ArrayList<>();
        for (BoundExpr c : Exprs.conjuncts(subqueriesOrNull(j.condition()))) {
            BitSet used = Exprs.slots(c);
            (!used.isEmpty() && contains(j.rightSlots(), used) ? toRight : on).add(c);
        }
        Join planned = new Join(from(j.left(), toLeft), from(j.right(), toRight), JoinType.LEFT, Exprs.and(on), List.of(), List.of(),
                j.leftSlots(), j.rightSlots(), j.width());
        LogicalPlan out = withHashKeys(planned);
        return above.isEmpty() ? out : new Filter(out, Exprs.and(above));
    }

    private BoundExpr subqueriesOrNull(BoundExpr e) {
        return e == null ? null : subqueries(e);
    }

    /** Joins the leaves greedily; consumes from {@code conditions} what the joins check. */
    private LogicalPlan joinGreedily(List<Leaf> leaves, List<BoundExpr> conditions) {
        List<Leaf> remaining = new ArrayList<>(leaves);
        Leaf first = smallest(remaining);
        remaining.remove(first);
        LogicalPlan plan = first.plan;
        BitSet joined = (BitSet) first.slots.clone();
        double estimate = first.estimate;
        while (!remaining.isEmpty()) {
            Leaf next = null;
            for (Leaf leaf : remaining) {
                if (connects(joined, leaf, conditions) && (next == null || leaf.estimate < next.estimate)) {
                    next = leaf;
                }
            }
            boolean connected = next != null;
            if (next == null) {
                next = smallest(remaining);
            }
            remaining.remove(next);
            BitSet after = (BitSet) joined.clone();
            after.or(next.slots);
            List<BoundExpr> applicable = new ArrayList<>();
            for (BoundExpr c : conditions) {
                if (contains(after, Exprs.slots(c))) {
                    applicable.add(c);
                }
            }
            conditions.removeAll(applicable);
            Join join = new Join(plan, next.plan, JoinType.INNER, Exprs.and(applicable), List.of(), List.of(), joined, next.slots,
                    widthOf(plan));
            plan = withHashKeys(join);
            joined = after;
            estimate = connected ? Math.max(estimate, next.estimate) : Math.min(MAX_ESTIMATE, estimate * Math.max(1, next.estimate));
        }
        return plan;
    }

    private static Leaf smallest(List<Leaf> leaves) {
        Leaf best = leaves.get(0);
        for (Leaf l : leaves) {
            if (l.estimate < best.estimate) {
                best = l;
            }
        }
        return best;
    }

    /** Whether an equality joins {@code leaf} to the slots already joined. */
    private static boolean connects(BitSet joined, Leaf leaf, List<BoundExpr> conditions) {
        for (BoundExpr c : conditions) {
            if (equiKey(c, joined, leaf.slots) != null) {
                return true;
            }
        }
        return false;
    }

    /** {@code join} with the equalities of its condition between its two sides as hash keys. */
    static Join withHashKeys(Join join) {
        List<BoundExpr> leftKeys = new ArrayList<>();
        List<BoundExpr> rightKeys = new ArrayList<>();
        for (BoundExpr c : Exprs.conjuncts(join.condition())) {
            BoundExpr[] key = equiKey(c, join.leftSlots(), join.rightSlots());
            if (key != null) {
                leftKeys.add(key[0]);
                rightKeys.add(key[1]);
            }
        }
        return new Join(join.left(), join.right(), join.type(), join.condition(), leftKeys, rightKeys, join.leftSlots(),
                join.rightSlots(), join.width());
    }

    /** For {@code a = b} with one side reading only {@code left} and the other only {@code right}: [leftSide, rightSide]. */
    private static BoundExpr[] equiKey(BoundExpr c, BitSet left, BitSet right) {
        if (!(c instanceof BoundExpr.Compare cmp) || !cmp.op().equals("=") || Exprs.hasSubquery(c)) {
            return null;
        }
        BitSet a = Exprs.slots(cmp.left());
        BitSet b = Exprs.slots(cmp.right());
        if (a.isEmpty() || b.isEmpty()) {
            return null;
        }
        if (contains(left, a) && contains(right, b)) {
            return new BoundExpr[] {cmp.left(), cmp.right()};
        }
        if (contains(right, a) && contains(left, b)) {
            return new BoundExpr[] {cmp.right(), cmp.left()};
        }
        return null;
    }

    private static double estimate(LogicalPlan p) {
        if (p instanceof Scan s) {
            return s.estimatedRows();
        }
        if (p instanceof Filter f) {
            return estimate(f.input()) * 0.5;
        }
        if (p instanceof Join j) {
            return Math.max(estimate(j.left()), estimate(j.right()));
        }
        if (p instanceof LogicalPlan.Values v) {
            return v.rows().size();
        }
        {
            return 1000;
        }
    }

    private static BitSet slotsOf(LogicalPlan p) {
        if (p instanceof Scan s) {
            return s.slots();
        }
        if (p instanceof Derived d) {
            return d.slots();
        }
        if (p instanceof Join j) {
            BitSet b = (BitSet) j.leftSlots().clone();
            b.or(j.rightSlots());
            return b;
        }
        if (p instanceof Filter f) {
            return slotsOf(f.input());
        }
        {
            return new BitSet();
        }
    }

    private static int widthOf(LogicalPlan p) {
        return p.width();
    }

    private static boolean contains(BitSet outer, BitSet inner) {
        BitSet rest = (BitSet) inner.clone();
        rest.andNot(outer);
        return rest.isEmpty();
    }

    private static List<BoundExpr> concat(List<BoundExpr> a, List<BoundExpr> b) {
        List<BoundExpr> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
