package io.distdb.sql.optimize;

import io.distdb.sql.catalog.ColumnDef;
import io.distdb.sql.catalog.IndexDef;
import io.distdb.sql.catalog.TableDef;
import io.distdb.sql.plan.AccessPath;
import io.distdb.sql.plan.BoundExpr;
import io.distdb.sql.plan.Exprs;
import io.distdb.sql.plan.LogicalPlan.Scan;
import io.distdb.sql.types.SqlType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses how a scan reads its table from the conditions on it that compare a column with a value known
 * when the scan opens (a constant, a parameter, a column of an enclosing query's row). Best first:
 * <ol>
 *   <li>equality on the whole primary key: point reads ({@code IN} lists give several);</li>
 *   <li>equality on every column of a unique index;</li>
 *   <li>otherwise the path that narrows the most leading key columns (each equal column counts one, a
 *   range or a {@code LIKE 'prefix%'} on the next one more), the primary key winning ties (no second
 *   read per row), then a hash index (equality on all its columns only);</li>
 *   <li>a full scan.</li>
 * </ol>
 * The scan still checks all its conditions on every row it reads.
 */
final class AccessPaths {

    /** At most this many point reads or ranges from IN lists; past it, fewer columns are used. */
    private static final int MAX_ALTERNATIVES = 1024;

    private AccessPaths() {
    }

    /** What the conditions say about one column. */
    private static final class Constraint {
        final List<BoundExpr> equal = new ArrayList<>();
        final List<String> equalText = new ArrayList<>();
        List<BoundExpr> in;
        String inText;
        AccessPath.Bound lower;
        AccessPath.Bound upper;
        String lowerText;
        String upperText;
    }

    static Scan choose(Scan scan) {
        TableDef table = scan.table();
        Map<Integer, Constraint> constraints = new HashMap<>();
        for (BoundExpr c : scan.filters()) {
            analyze(scan, c, constraints);
        }
        Candidate best = candidate(null, table.slots(table.primaryKey()), table, scan, constraints);
        for (IndexDef index : table.indexes()) {
            Candidate c = candidate(index, table.slots(index.columns()), table, scan, constraints);
            if (c != null && (best == null || c.better(best))) {
                best = c;
            }
        }
        long rows = Math.max(1, scan.estimatedRows());
        if (best == null) {
            double selectivity = Math.pow(0.5, Math.min(scan.filters().size(), 4));
            return scan.withAccess(AccessPath.fullScan(), Math.max(1, (long) (rows * selectivity)));
        }
        long estimate = best.point ? best.prefixes.size()
                : Math.max(1, (long) (rows * Math.pow(0.1, best.equalColumns) * (best.range ? 0.3 : 1) * best.prefixes.size()));
        if (scan.table().documents() && best.index == null && !best.point) {
            return scan.withAccess(AccessPath.fullScan(), rows); // collections are read whole or by id only
        }
        return scan.withAccess(new AccessPath(best.index, best.prefixes, best.lower, best.upper, best.point, best.describe()),
                estimate);
    }

    private static final class Candidate {
        IndexDef index;
        List<List<BoundExpr>> prefixes;
        AccessPath.Bound lower;
        AccessPath.Bound upper;
        boolean point;
        boolean uniqueMatch;
        int equalColumns;
        boolean range;
        List<String> used = new ArrayList<>();

        int score() {
            return equalColumns + (range ? 1 : 0);
        }

        boolean better(Candidate other) {
            if (point != other.point) {
                return point;
            }
            if (uniqueMatch != other.uniqueMatch) {
                return uniqueMatch;
            }
            return score() > other.score();
        }

        /** {@code (a = 1)} as {@code a = 1}: the access path brackets its conditions once. */
        private static String unwrap(String text) {
            if (!text.startsWith("(") || !text.endsWith(")")) {
                return text;
            }
            int depth = 0;
            boolean quoted = false;
            for (int i = 0; i < text.length() - 1; i++) {
                char c = text.charAt(i);
                if (c == '\'') {
                    quoted = !quoted;
                } else if (!quoted && c == '(') {
                    depth++;
                } else if (!quoted && c == ')' && --depth == 0) {
                    return text; // the first bracket closes before the end: (a) AND (b)
                }
            }
            return text.substring(1, text.length() - 1);
        }

        String describe() {
            String conditions = "(" + String.join(" AND ", used.stream().map(Candidate::unwrap).toList()) + ")";
            if (index == null) {
                return (point ? "PRIMARY KEY LOOKUP " : "PRIMARY KEY RANGE ") + conditions;
            }
            return (index.kind() == IndexDef.Kind.HASH ? "HASH INDEX " + index.name() : "BTREE INDEX " + index.name() + " RANGE")
                    + (index.unique() ? " UNIQUE " : " ") + conditions;
        }
    }

    private static Candidate candidate(IndexDef index, int[] slots, TableDef table, Scan scan, Map<Integer, Constraint> constraints) {
        Candidate c = new Candidate();
        c.index = index;
        List<List<BoundExpr>> prefixes = new ArrayList<>();
        prefixes.add(List.of());
        int i = 0;
        for (; i < slots.length; i++) {
            Constraint k = constraints.get(scan.offset() + slots[i]);
            if (k == null) {
                break;
            }
            List<BoundExpr> values;
            String text;
            if (!k.equal.isEmpty()) {
                values = List.of(k.equal.get(0));
                text = k.equalText.get(0);
            } else if (k.in != null && prefixes.size() * k.in.size() <= MAX_ALTERNATIVES) {
                values = k.in;
                text = k.inText;
            } else {
                if (k.lower != null || k.upper != null) {
                    c.lower = k.lower;
                    c.upper = k.upper;
                    c.range = true;
                    if (k.lowerText != null) {
                        c.used.add(k.lowerText);
                    }
                    if (k.upperText != null && !k.upperText.equals(k.lowerText)) {
                        c.used.add(k.upperText);
                    }
                }
                break;
            }
            List<List<BoundExpr>> next = new ArrayList<>();
            for (List<BoundExpr> p : prefixes) {
                for (BoundExpr v : values) {
                    List<BoundExpr> q = new ArrayList<>(p);
                    q.add(v);
                    next.add(q);
                }
            }
            prefixes = next;
            c.used.add(text);
            c.equalColumns++;
        }
        c.prefixes = prefixes;
        boolean whole = c.equalColumns == slots.length;
        if (index == null) {
            c.point = whole;
        } else {
            c.uniqueMatch = whole && index.unique();
            if (index.kind() == IndexDef.Kind.HASH && (!whole || c.range)) {
                return null; // a hash index has no order: all its columns or nothing
            }
        }
        if (c.equalColumns == 0 && !c.range) {
            return null;
        }
        return c;
    }

    /** Records what the condition {@code e} of {@code scan} says about one of its columns. */
    private static void analyze(Scan scan, BoundExpr e, Map<Integer, Constraint> constraints) {
        if (e instanceof BoundExpr.Compare cmp) {
            int slot = columnOf(scan, cmp.left(), cmp.right());
                String op = cmp.op();
                BoundExpr value = cmp.right();
                if (slot < 0) {
                    slot = columnOf(scan, cmp.right(), cmp.left());
                    op = flip(op);
                    value = cmp.left();
                }
                if (slot < 0) {
                    return;
                }
                Constraint k = constraints.computeIfAbsent(slot, s -> new Constraint());
                String text = Exprs.describe(e);
                switch (op) {
                    case "=" -> {
                        k.equal.add(value);
                        k.equalText.add(text);
                    }
                    case ">", ">=" -> {
                        if (k.lower == null) {
                            k.lower = new AccessPath.Bound(value, op.equals(">="), false);
                            k.lowerText = text;
                        }
                    }
                    case "<", "<=" -> {
                        if (k.upper == null) {
                            k.upper = new AccessPath.Bound(value, op.equals("<="), false);
                            k.upperText = text;
                        }
                    }
                    default -> {
                    }
                }
        } else if (e instanceof BoundExpr.InList in && (!in.not())) {
            int slot = columnOf(scan, in.operand(), null);
                if (slot < 0 || !in.values().stream().allMatch(v -> usable(scan, slot, v))) {
                    return;
                }
                Constraint k = constraints.computeIfAbsent(slot, s -> new Constraint());
                if (k.in == null) {
                    k.in = in.values();
                    k.inText = Exprs.describe(e);
                }
        } else if (e instanceof BoundExpr.LikeMatch like && (!like.not() && !like.caseInsensitive() && like.compiled() != null)) {
            int slot = columnOf(scan, like.operand(), null);
                String prefix = like.compiled().literalPrefix();
                if (slot < 0 || prefix.isEmpty()) {
                    return;
                }
                Constraint k = constraints.computeIfAbsent(slot, s -> new Constraint());
                if (k.lower == null && k.upper == null) {
                    BoundExpr value = new BoundExpr.Constant(prefix, SqlType.TEXT);
                    k.lower = new AccessPath.Bound(value, true, true);
                    k.upper = new AccessPath.Bound(value, true, true);
                    k.lowerText = Exprs.describe(e);
                    k.upperText = k.lowerText;
                }
        } else if (e instanceof BoundExpr.Logic l && (l.and())) {
            l.operands().forEach(o -> analyze(scan, o, constraints));
        } else {
            
        }
    }

    /** The table column {@code columnSide} is (a bare column of this scan) if {@code valueSide} can bound it; else -1. */
    private static int columnOf(Scan scan, BoundExpr columnSide, BoundExpr valueSide) {
        if (!(columnSide instanceof BoundExpr.Column col)) {
            return -1;
        }
        int column = col.slot() - scan.offset();
        if (column < 0 || column >= scan.table().columns().size()) {
            return -1;
        }
        if (valueSide != null && !usable(scan, col.slot(), valueSide)) {
            return -1;
        }
        return col.slot();
    }

    /** Whether {@code value} is known when the scan opens and is of the column's type. */
    private static boolean usable(Scan scan, int slot, BoundExpr value) {
        if (!Exprs.isRowIndependent(value)) {
            return false;
        }
        ColumnDef column = scan.table().columns().get(slot - scan.offset());
        SqlType t = value.type();
        return t == column.type() || t.isInteger() && column.type().isInteger()
                || t == SqlType.UNKNOWN && value instanceof BoundExpr.Param;
    }

    private static String flip(String op) {
        return switch (op) {
            case "<" -> ">";
            case "<=" -> ">=";
            case ">" -> "<";
            case ">=" -> "<=";
            default -> op;
        };
    }
}
