package io.distdb.sql.plan;

import io.distdb.sql.catalog.TableDef;
import io.distdb.sql.types.SqlType;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Relational operators, as the binder builds them and the optimizer rewrites them (Calcite's {@code RelNode}
 * in small). Each node produces rows of {@link #width()} values.
 *
 * <p><b>Wide rows.</b> Below a query's projection, every operator of its FROM clause produces rows of the
 * FROM clause's full width: each table, subquery or VALUES list of FROM owns a fixed range of slots
 * ({@code offset .. offset + columns}), and a row holds the values of the items joined so far in their
 * own ranges. Expressions bound against FROM therefore mean the same wherever the optimizer moves them (a
 * condition pushed below a join, joins reordered) and are never renumbered.
 */
public sealed interface LogicalPlan {

    /** Values per row this node produces. */
    int width();

    List<LogicalPlan> inputs();

    /** A table of the catalog (or a document collection) read into slots {@code offset ..} of wide rows. */
    record Scan(TableDef table, String alias, int offset, int width, List<BoundExpr> filters, AccessPath access,
                BitSet readColumns, long estimatedRows) implements LogicalPlan {
        public Scan {
            filters = List.copyOf(filters);
        }

        public Scan withFilters(List<BoundExpr> newFilters) {
            return new Scan(table, alias, offset, width, newFilters, access, readColumns, estimatedRows);
        }

        public Scan withAccess(AccessPath path, long estimate) {
            return new Scan(table, alias, offset, width, filters, path, readColumns, estimate);
        }

        public BitSet slots() {
            BitSet s = new BitSet();
            s.set(offset, offset + table.columns().size());
            return s;
        }

        @Override
        public List<LogicalPlan> inputs() {
            return List.of();
        }
    }

    /** A subquery of FROM (or a view, or a CTE): its narrow rows placed at {@code offset} of wide rows. */
    record Derived(LogicalPlan input, String alias, int offset, int columns, int width, List<BoundExpr> filters)
            implements LogicalPlan {
        public Derived {
            filters = List.copyOf(filters);
        }

        public Derived withFilters(List<BoundExpr> newFilters) {
            return new Derived(input, alias, offset, columns, width, newFilters);
        }

        public Derived withInput(LogicalPlan newInput) {
            return new Derived(newInput, alias, offset, columns, width, filters);
        }

        public BitSet slots() {
            BitSet s = new BitSet();
            s.set(offset, offset + columns);
            return s;
        }

        @Override
        public List<LogicalPlan> inputs() {
            return List.of(input);
        }
    }

    /** Literal rows: {@code VALUES ...}, and the single empty row of a SELECT without FROM. */
    record Values(List<List<BoundExpr>> rows, int width) implements LogicalPlan {
        public static Values oneRow() {
            return new Values(List.of(List.of()), 0);
        }

        @Override
        public List<LogicalPlan> inputs() {
            return List.of();
        }
    }

    enum JoinType { INNER, LEFT, FULL, SEMI, ANTI }

    /**
     * A join of two parts of a FROM clause. {@code leftKeys}/{@code rightKeys} are the equality conditions
     * the optimizer found (a hash join when present, a nested loop otherwise); {@code condition} is the
     * whole join condition, checked on every candidate pair ({@code null} for none). RIGHT joins are bound
     * as LEFT joins with the sides swapped, which wide rows make free.
     */
    record Join(LogicalPlan left, LogicalPlan right, JoinType type, BoundExpr condition, List<BoundExpr> leftKeys,
                List<BoundExpr> rightKeys, BitSet leftSlots, BitSet rightSlots, int width) implements LogicalPlan {
        public Join {
            leftKeys = List.copyOf(leftKeys);
            rightKeys = List.copyOf(rightKeys);
        }

        @Override
        public List<LogicalPlan> inputs() {
            return List.of(left, right);
        }
    }

    record Filter(LogicalPlan input, BoundExpr condition) implements LogicalPlan {
        @Override
        public int width() {
            return input.width();
        }

        @Override
        public List<LogicalPlan> inputs() {
            return List.of(input);
        }
    }

    /** Computes output columns: the only operator that turns wide rows into narrow ones. */
    record Project(LogicalPlan input, List<BoundExpr> exprs) implements LogicalPlan {
        public Project {
            exprs = List.copyOf(exprs);
        }

        @Override
        public int width() {
            return exprs.size();
        }

        @Override
        public List<LogicalPlan> inputs() {
            return List.of(input);
        }
    }

    /** GROUP BY: rows of {@code groups} values followed by one value per aggregate. No groups: one row. */
    record Aggregate(LogicalPlan input, List<BoundExpr> groups, List<AggregateCall> aggregates) implements LogicalPlan {
        public Aggregate {
            groups = List.copyOf(groups);
            aggregates = List.copyOf(aggregates);
        }

        @Override
        public int width() {
            return groups.size() + aggregates.size();
        }

        @Override
        public List<LogicalPlan> inputs() {
            return List.of(input);
        }
    }

    /** One aggregate: {@code function(DISTINCT? argument)}; {@code argument} null for {@code count(*)}. */
    record AggregateCall(String function, BoundExpr argument, boolean distinct, SqlType type, BoundExpr separator) {
    }

    record SortKey(BoundExpr expr, boolean descending, boolean nullsFirst) {
    }

    record Sort(LogicalPlan input, List<SortKey> keys) implements LogicalPlan {
        public Sort {
            keys = List.copyOf(keys);
        }

        @Override
        public int width() {
            return input.width();
        }

        @Override
        public List<LogicalPlan> inputs() {
            return List.of(input);
        }
    }

    /** LIMIT and OFFSET; either may be {@code null}. */
    record Limit(LogicalPlan input, BoundExpr limit, BoundExpr offset) implements LogicalPlan {
        @Override
        public int width() {
            return input.width();
        }

        @Override
        public List<LogicalPlan> inputs() {
            return List.of(input);
        }
    }

    /** Removes duplicate rows (NULLs equal), keeping the first of each. */
    record Distinct(LogicalPlan input) implements LogicalPlan {
        @Override
        public int width() {
            return input.width();
        }

        @Override
        public List<LogicalPlan> inputs() {
            return List.of(input);
        }
    }

    enum SetOpKind { UNION, INTERSECT, EXCEPT }

    record SetOp(SetOpKind kind, boolean all, LogicalPlan left, LogicalPlan right) implements LogicalPlan {
        @Override
        public int width() {
            return left.width();
        }

        @Override
        public List<LogicalPlan> inputs() {
            return List.of(left, right);
        }
    }

    /** Every node of a tree, depth first. */
    static List<LogicalPlan> walk(LogicalPlan root) {
        List<LogicalPlan> out = new ArrayList<>();
        List<LogicalPlan> stack = new ArrayList<>(List.of(root));
        while (!stack.isEmpty()) {
            LogicalPlan p = stack.remove(stack.size() - 1);
            out.add(p);
            stack.addAll(p.inputs());
        }
        return out;
    }
}
