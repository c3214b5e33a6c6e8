package io.distdb.sql.exec;

import io.distdb.sql.plan.BoundExpr;
import io.distdb.sql.plan.Exprs;
import io.distdb.sql.plan.LogicalPlan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * EXPLAIN: the plan as an indented tree, the operator that produces the result first and its inputs below
 * it (as PostgreSQL prints plans). Every condition is printed fully bracketed, so the grouping of AND, OR
 * and IN that the parser chose is visible.
 */
public final class Explain {

    /** What replicas do for a scan or an aggregation: a line to print under it, or {@code null}. */
    public interface Replicas {
        String scan(LogicalPlan.Scan scan);

        String aggregate(LogicalPlan.Aggregate aggregate);
    }

    private final Replicas replicaWork;

    /** @param replicaWork what replicas do, or null when nothing runs on replicas (a single node) */
    public Explain(Replicas replicaWork) {
        this.replicaWork = replicaWork;
    }

    public List<String> lines(LogicalPlan plan) {
        List<String> out = new ArrayList<>();
        print(plan, 0, out);
        return out;
    }

    private void print(LogicalPlan plan, int depth, List<String> out) {
        String pad = "  ".repeat(depth);
        if (plan instanceof LogicalPlan.Scan s) {
            out.add(pad + "SCAN " + s.table().name() + (s.alias().equals(s.table().name()) ? "" : " AS " + s.alias()) + ": "
                        + (s.access() == null ? "FULL SCAN" : s.access().describe())
                        + (s.filters().isEmpty() ? "" : " FILTER " + conditions(s.filters())));
                String replicas = replicaWork == null ? null : replicaWork.scan(s);
                if (replicas != null) {
                    out.add(pad + "  " + replicas);
                }
                subqueries(s.filters(), depth + 1, out);
        } else if (plan instanceof LogicalPlan.Derived d) {
            out.add(pad + "SUBQUERY " + d.alias() + (d.filters().isEmpty() ? "" : " FILTER " + conditions(d.filters())));
            print(d.input(), depth + 1, out);
        } else if (plan instanceof LogicalPlan.Values v) {
            out.add(pad + (v.width() == 0 ? "ONE ROW" : "VALUES " + v.rows().size() + " rows"));
        } else if (plan instanceof LogicalPlan.Filter f) {
            out.add(pad + "FILTER " + Exprs.describe(f.condition()));
            subqueries(List.of(f.condition()), depth + 1, out);
            print(f.input(), depth + 1, out);
        } else if (plan instanceof LogicalPlan.Project p) {
            out.add(pad + "PROJECT " + String.join(", ", p.exprs().stream().map(Exprs::describe).toList()));
            subqueries(p.exprs(), depth + 1, out);
            print(p.input(), depth + 1, out);
        } else if (plan instanceof LogicalPlan.Join j) {
            String kind = j.leftKeys().isEmpty() ? "NESTED LOOP " : "HASH JOIN ";
            out.add(pad + kind + j.type() + (j.condition() == null ? "" : " ON " + Exprs.describe(j.condition())));
            print(j.left(), depth + 1, out);
            print(j.right(), depth + 1, out);
        } else if (plan instanceof LogicalPlan.Aggregate a) {
            List<String> parts = new ArrayList<>();
            for (LogicalPlan.AggregateCall c : a.aggregates()) {
                parts.add(c.function() + "(" + (c.distinct() ? "DISTINCT " : "")
                        + (c.argument() == null ? "*" : Exprs.describe(c.argument())) + ")");
            }
            out.add(pad + "AGGREGATE" + (a.groups().isEmpty() ? "" : " GROUP BY "
                    + String.join(", ", a.groups().stream().map(Exprs::describe).toList())) + ": " + String.join(", ", parts));
            String replicas = replicaWork == null ? null : replicaWork.aggregate(a);
            if (replicas != null) {
                out.add(pad + "  " + replicas);
            }
            print(a.input(), depth + 1, out);
        } else if (plan instanceof LogicalPlan.Sort s) {
            List<String> keys = new ArrayList<>();
            for (LogicalPlan.SortKey k : s.keys()) {
                keys.add(Exprs.describe(k.expr()) + (k.descending() ? " DESC" : "") + (k.nullsFirst() ? " NULLS FIRST" : " NULLS LAST"));
            }
            out.add(pad + "SORT " + String.join(", ", keys));
            print(s.input(), depth + 1, out);
        } else if (plan instanceof LogicalPlan.Limit l) {
            out.add(pad + "LIMIT" + (l.limit() == null ? "" : " " + Exprs.describe(l.limit()))
                        + (l.offset() == null ? "" : " OFFSET " + Exprs.describe(l.offset())));
                print(l.input(), depth + 1, out);
        } else if (plan instanceof LogicalPlan.Distinct d) {
            out.add(pad + "DISTINCT");
            print(d.input(), depth + 1, out);
        } else if (plan instanceof LogicalPlan.SetOp s) {
            out.add(pad + s.kind() + (s.all() ? " ALL" : ""));
            print(s.left(), depth + 1, out);
            print(s.right(), depth + 1, out);
        }
    }

    private void subqueries(List<BoundExpr> exprs, int depth, List<String> out) {
        for (BoundExpr e : exprs) {
            collect(e, depth, out);
        }
    }

    private void collect(BoundExpr e, int depth, List<String> out) {
        BoundExpr.Subquery sub;
        if (e instanceof BoundExpr.ScalarSubquery s) {
            sub = s.query();
        } else if (e instanceof BoundExpr.Exists s) {
            sub = s.query();
        } else if (e instanceof BoundExpr.QuantifiedSubquery q) {
            sub = q.query();
        } else {
            sub = null;
        }
        if (sub != null) {
            out.add("  ".repeat(depth) + (sub.correlated() ? "SUBQUERY (for each row)" : "SUBQUERY (once)"));
            print((LogicalPlan) sub.plan(), depth + 1, out);
        }
        for (BoundExpr child : Exprs.children(e)) {
            collect(child, depth, out);
        }
    }

    private static String conditions(List<BoundExpr> filters) {
        return String.join(" AND ", filters.stream().map(Exprs::describe).toList());
    }
}
