package io.distdb.sql.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.sql.catalog.TableDef;
import io.distdb.sql.plan.AccessPath;
import io.distdb.sql.plan.BoundExpr;
import io.distdb.sql.plan.LogicalPlan;
import io.distdb.sql.plan.LogicalPlan.AggregateCall;
import io.distdb.sql.plan.LogicalPlan.SortKey;
import io.distdb.sql.runtime.QueryContext;
import io.distdb.sql.runtime.SubqueryRunner;
import io.distdb.sql.storage.DocumentSource;
import io.distdb.sql.types.Values;
import io.distdb.storage.ReadView;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Runs a logical plan over a read view of the store as a tree of pull cursors. Operators that must hold rows
 * (hash join builds, sorts, aggregates, DISTINCT, set operations, subquery results) claim the memory they
 * hold from the statement's budget and give it back when they close; every operator ticks the statement's
 * clock so cancellation and timeouts stop it promptly.
 */
public final class Executor implements SubqueryRunner {

    private final ReadView view;
    private final TableRows rows;
    private final DocumentSource documents;
    private final QueryContext ctx;

    public Executor(ReadView view, TableRows rows, DocumentSource documents, QueryContext ctx) {
        this.view = view;
        this.rows = rows;
        this.documents = documents;
        this.ctx = ctx;
        ctx.setSubqueries(this);
    }

    /** Runs {@code plan} to the end, holding the result within the statement's budget. */
    public List<Object[]> collect(LogicalPlan plan) {
        List<Object[]> out = new ArrayList<>();
        try (RowCursor cursor = open(plan)) {
            Object[] row;
            while ((row = cursor.next()) != null) {
                ctx.reserve(rowBytes(row));
                out.add(row);
            }
        }
        return out;
    }

    @Override
    public Iterator<Object[]> rows(Object plan, QueryContext context) {
        RowCursor cursor = open((LogicalPlan) plan);
        final class Rows implements Iterator<Object[]>, AutoCloseable {
            boolean closed;
            Object[] next = advance();

            private Object[] advance() {
                Object[] r = cursor.next();
                if (r == null) {
                    close();
                }
                return r;
            }

            /** Releases what the subquery's operators hold, also when the caller stops early (EXISTS). */
            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    cursor.close();
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Object[] next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Object[] r = next;
                next = advance();
                return r;
            }
        }
        return new Rows();
    }

    public RowCursor open(LogicalPlan plan) {
        if (plan instanceof LogicalPlan.Scan s) {
            return scan(s);
        }
        if (plan instanceof LogicalPlan.Derived d) {
            return derived(d);
        }
        if (plan instanceof LogicalPlan.Values v) {
            return values(v);
        }
        if (plan instanceof LogicalPlan.Filter f) {
            return filter(open(f.input()), f.condition());
        }
        if (plan instanceof LogicalPlan.Project p) {
            return project(p);
        }
        if (plan instanceof LogicalPlan.Join j) {
            return j.leftKeys().isEmpty() ? new NestedLoopJoin(j) : new HashJoin(j);
        }
        if (plan instanceof LogicalPlan.Aggregate a) {
            return aggregate(a);
        }
        if (plan instanceof LogicalPlan.Sort s) {
            return sort(s);
        }
        if (plan instanceof LogicalPlan.Limit l) {
            return limit(l);
        }
        if (plan instanceof LogicalPlan.Distinct d) {
            return distinct(open(d.input()));
        }
        if (plan instanceof LogicalPlan.SetOp s) {
            return setOp(s);
        }
        throw new IllegalStateException("unexpected " + plan);
    }

    // ---- leaves -------------------------------------------------------------------------------------------

    private RowCursor scan(LogicalPlan.Scan scan) {
        TableDef table = scan.table();
        Iterator<Object[]> source = table.documents() ? documentRows(scan) : rows.read(view, scan, ctx);
        BoundExpr filter = io.distdb.sql.plan.Exprs.and(scan.filters());
        int offset = scan.offset();
        int width = scan.width();
        return new RowCursor() {
            @Override
            public Object[] next() {
                while (source.hasNext()) {
                    ctx.tick();
                    Object[] narrow = source.next();
                    Object[] row = new Object[width];
                    System.arraycopy(narrow, 0, row, offset, Math.min(narrow.length, table.columns().size()));
                    if (filter == null || Boolean.TRUE.equals(Values.truth(filter.eval(ctx, row)))) {
                        return row;
                    }
                }
                return null;
            }

            @Override
            public void close() {
                if (source instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
    }

    /** A {@code documents.<collection>} table: by id for a point read, else the whole collection. */
    private Iterator<Object[]> documentRows(LogicalPlan.Scan scan) {
        String collection = scan.table().name().substring(scan.table().name().indexOf('.') + 1);
        List<Object[]> out = new ArrayList<>();
        AccessPath path = scan.access();
        if (path != null && path.point()) {
            for (List<BoundExpr> prefix : path.prefixes()) {
                Object id = prefix.get(0).eval(ctx, null);
                if (id != null) {
                    JsonNode body = documents.get(collection, Values.toText(id));
                    if (body != null) {
                        out.add(new Object[] {Values.toText(id), body});
                    }
                }
            }
            return out.iterator();
        }
        documents.forEach(collection, (id, body) -> {
            ctx.tick();
            Object[] r = {id, body};
            ctx.reserve(rowBytes(r));
            out.add(r);
            return true;
        });
        return out.iterator();
    }

    private RowCursor derived(LogicalPlan.Derived d) {
        RowCursor input = open(d.input());
        BoundExpr filter = io.distdb.sql.plan.Exprs.and(d.filters());
        return new RowCursor() {
            @Override
            public Object[] next() {
                Object[] narrow;
                while ((narrow = input.next()) != null) {
                    Object[] row = new Object[d.width()];
                    System.arraycopy(narrow, 0, row, d.offset(), d.columns());
                    if (filter == null || Boolean.TRUE.equals(Values.truth(filter.eval(ctx, row)))) {
                        return row;
                    }
                }
                return null;
            }

            @Override
            public void close() {
                input.close();
            }
        };
    }

    private RowCursor values(LogicalPlan.Values v) {
        Iterator<List<BoundExpr>> it = v.rows().iterator();
        return () -> {
            if (!it.hasNext()) {
                return null;
            }
            List<BoundExpr> exprs = it.next();
            Object[] row = new Object[v.width()];
            for (int i = 0; i < exprs.size(); i++) {
                row[i] = exprs.get(i).eval(ctx, row);
            }
            return row;
        };
    }

    // ---- row by row ------------------------------------------------------------------------------------------

    private RowCursor filter(RowCursor input, BoundExpr condition) {
        return new RowCursor() {
            @Override
            public Object[] next() {
                Object[] row;
                while ((row = input.next()) != null) {
                    ctx.tick();
                    if (Boolean.TRUE.equals(Values.truth(condition.eval(ctx, row)))) {
                        return row;
                    }
                }
                return null;
            }

            @Override
            public void close() {
                input.close();
            }
        };
    }

    private RowCursor project(LogicalPlan.Project p) {
        RowCursor input = open(p.input());
        List<BoundExpr> exprs = p.exprs();
        return new RowCursor() {
            @Override
            public Object[] next() {
                Object[] row = input.next();
                if (row == null) {
                    return null;
                }
                Object[] out = new Object[exprs.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = exprs.get(i).eval(ctx, row);
                }
                return out;
            }

            @Override
            public void close() {
                input.close();
            }
        };
    }

    private RowCursor limit(LogicalPlan.Limit l) {
        long limit = l.limit() == null ? Long.MAX_VALUE : count(l.limit(), "LIMIT");
        long offset = l.offset() == null ? 0 : count(l.offset(), "OFFSET");
        RowCursor input = open(l.input());
        return new RowCursor() {
            long skipped;
            long returned;

            @Override
            public Object[] next() {
                if (returned >= limit) {
                    return null;
                }
                Object[] row;
                while ((row = input.next()) != null) {
                    if (skipped < offset) {
                        skipped++;
                        continue;
                    }
                    returned++;
                    return row;
                }
                return null;
            }

            @Override
            public void close() {
                input.close();
            }
        };
    }

    private long count(BoundExpr e, String what) {
        Object v = e.eval(ctx, null);
        if (v == null) {
            return what.equals("LIMIT") ? Long.MAX_VALUE : 0;
        }
        long n = ((Number) v).longValue();
        if (n < 0) {
            throw new io.distdb.sql.errors.SqlException(what.equals("LIMIT") ? "2201W" : "2201X", io.distdb.sql.errors.SqlErrors.GENERAL, what + " must not be negative");
        }
        return n;
    }

    // ---- joins --------------------------------------------------------------------------------------------

    /** Copies the right side's slots of {@code right} into a copy of {@code left}. */
    private static Object[] merge(Object[] left, Object[] right, java.util.BitSet rightSlots) {
        Object[] out = left.clone();
        for (int i = rightSlots.nextSetBit(0); i >= 0; i = rightSlots.nextSetBit(i + 1)) {
            out[i] = right[i];
        }
        return out;
    }

    /** The right side held in memory, built once; shared by the hash join (by key) and the nested loop. */
    private abstract class JoinBase implements RowCursor {
        final LogicalPlan.Join join;
        final RowCursor left;
        long heldBytes;
        Object[] current;
        Iterator<Object[]> matches = java.util.Collections.emptyIterator();
        boolean currentMatched;
        List<Object[]> buildRows;
        boolean[] buildMatched;
        Iterator<Integer> unmatchedRight;

        JoinBase(LogicalPlan.Join join) {
            this.join = join;
            this.left = open(join.left());
        }

        abstract Iterator<Object[]> candidates(Object[] leftRow);

        void hold(Object[] row) {
            long b = rowBytes(row);
            heldBytes += b;
            ctx.reserve(b);
        }

        @Override
        public Object[] next() {
            while (true) {
                while (matches.hasNext()) {
                    Object[] r = matches.next();
                    ctx.tick();
                    Object[] joined = merge(current, r, join.rightSlots());
                    if (join.condition() == null || Boolean.TRUE.equals(Values.truth(join.condition().eval(ctx, joined)))) {
                        currentMatched = true;
                        if (buildMatched != null) {
                            buildMatched[indexOf(r)] = true;
                        }
                        return joined;
                    }
                }
                if (current != null && !currentMatched && join.type() != LogicalPlan.JoinType.INNER) {
                    Object[] padded = current;
                    current = null;
                    return padded; // the right side's slots are already NULL
                }
                current = left.next();
                if (current == null) {
                    return unmatchedRight();
                }
                currentMatched = false;
                matches = candidates(current);
            }
        }

        int indexOf(Object[] r) {
            return identity.get(r);
        }

        final Map<Object[], Integer> identity = new java.util.IdentityHashMap<>();

        /** FULL joins: the right rows no left row matched, with NULLs on the left. */
        private Object[] unmatchedRight() {
            if (join.type() != LogicalPlan.JoinType.FULL) {
                return null;
            }
            if (unmatchedRight == null) {
                List<Integer> rest = new ArrayList<>();
                for (int i = 0; i < buildRows.size(); i++) {
                    if (!buildMatched[i]) {
                        rest.add(i);
                    }
                }
                unmatchedRight = rest.iterator();
            }
            if (!unmatchedRight.hasNext()) {
                return null;
            }
            Object[] r = buildRows.get(unmatchedRight.next());
            return merge(new Object[join.width()], r, join.rightSlots());
        }

        void track(List<Object[]> rows) {
            buildRows = rows;
            if (join.type() == LogicalPlan.JoinType.FULL) {
                buildMatched = new boolean[rows.size()];
                for (int i = 0; i < rows.size(); i++) {
                    identity.put(rows.get(i), i);
                }
            }
        }

        @Override
        public void close() {
            left.close();
            ctx.release(heldBytes);
            heldBytes = 0;
        }
    }

    private final class NestedLoopJoin extends JoinBase {
        NestedLoopJoin(LogicalPlan.Join join) {
            super(join);
            List<Object[]> right = new ArrayList<>();
            try (RowCursor r = open(join.right())) {
                Object[] row;
                while ((row = r.next()) != null) {
                    hold(row);
                    right.add(row);
                }
            }
            track(right);
        }

        @Override
        Iterator<Object[]> candidates(Object[] leftRow) {
            return buildRows.iterator();
        }
    }

    private final class HashJoin extends JoinBase {
        private final Map<List<Object>, List<Object[]>> table = new HashMap<>();

        HashJoin(LogicalPlan.Join join) {
            super(join);
            List<Object[]> all = new ArrayList<>();
            try (RowCursor r = open(join.right())) {
                Object[] row;
                while ((row = r.next()) != null) {
                    List<Object> key = key(join.rightKeys(), row);
                    all.add(row);
                    hold(row);
                    if (key != null) {
                        table.computeIfAbsent(key, k -> new ArrayList<>(1)).add(row);
                    }
                }
            }
            track(all);
        }

        @Override
        Iterator<Object[]> candidates(Object[] leftRow) {
            List<Object> key = key(join.leftKeys(), leftRow);
            List<Object[]> found = key == null ? null : table.get(key);
            return found == null ? java.util.Collections.emptyIterator() : found.iterator();
        }

        /** The normalised key, {@code null} when a part is NULL (NULL never joins). */
        private List<Object> key(List<BoundExpr> exprs, Object[] row) {
            Object[] k = new Object[exprs.size()];
            for (int i = 0; i < k.length; i++) {
                Object v = exprs.get(i).eval(ctx, row);
                if (v == null) {
                    return null;
                }
                k[i] = Values.hashKey(v);
            }
            return Arrays.asList(k);
        }
    }

    // ---- aggregation, sorting, distinct, set operations -----------------------------------------------------

    private RowCursor aggregate(LogicalPlan.Aggregate a) {
        List<Object[]> folded = rows.fold(view, a, ctx);
        if (folded != null) {
            Iterator<Object[]> it = folded.iterator();
            return () -> it.hasNext() ? it.next() : null;
        }
        Map<List<Object>, Group> groups = new LinkedHashMap<>();
        long held = 0;
        try (RowCursor input = open(a.input())) {
            Object[] row;
            while ((row = input.next()) != null) {
                ctx.tick();
                Object[] keyValues = new Object[a.groups().size()];
                Object[] keyHashes = new Object[keyValues.length];
                for (int i = 0; i < keyValues.length; i++) {
                    keyValues[i] = a.groups().get(i).eval(ctx, row);
                    keyHashes[i] = keyValues[i] == null ? null : Values.hashKey(keyValues[i]);
                }
                List<Object> key = Arrays.asList(keyHashes);
                Group g = groups.get(key);
                if (g == null) {
                    g = new Group(keyValues, a.aggregates());
                    groups.put(key, g);
                    long b = rowBytes(keyValues) + 64L * a.aggregates().size() + 64;
                    held += b;
                    ctx.reserve(b);
                }
                long before = g.bytes();
                g.add(a.aggregates(), row);
                long grown = g.bytes() - before;
                if (grown > 0) {
                    held += grown;
                    ctx.reserve(grown);
                }
            }
        }
        if (groups.isEmpty() && a.groups().isEmpty()) {
            groups.put(List.of(), new Group(new Object[0], a.aggregates()));
        }
        Iterator<Group> it = groups.values().iterator();
        long heldBytes = held;
        return new RowCursor() {
            @Override
            public Object[] next() {
                if (!it.hasNext()) {
                    return null;
                }
                return it.next().result(a.groups().size());
            }

            @Override
            public void close() {
                ctx.release(heldBytes);
            }
        };
    }

    private final class Group {
        final Object[] keys;
        final Accumulator[] accumulators;

        Group(Object[] keys, List<AggregateCall> calls) {
            this.keys = keys;
            this.accumulators = new Accumulator[calls.size()];
            for (int i = 0; i < accumulators.length; i++) {
                accumulators[i] = Accumulator.of(calls.get(i));
            }
        }

        void add(List<AggregateCall> calls, Object[] row) {
            for (int i = 0; i < accumulators.length; i++) {
                AggregateCall call = calls.get(i);
                if (call.argument() == null) {
                    accumulators[i].add(null);
                    continue;
                }
                Object v = call.argument().eval(ctx, row);
                if (v == null) {
                    continue;
                }
                if (call.separator() != null && accumulators[i] instanceof Accumulator.StringAgg s) {
                    s.addWithSeparator(v, call.separator().eval(ctx, row));
                } else {
                    accumulators[i].add(v);
                }
            }
        }

        long bytes() {
            long b = 0;
            for (Accumulator a : accumulators) {
                b += a.bytes();
            }
            return b;
        }

        Object[] result(int groupCount) {
            Object[] out = new Object[groupCount + accumulators.length];
            System.arraycopy(keys, 0, out, 0, groupCount);
            for (int i = 0; i < accumulators.length; i++) {
                out[groupCount + i] = accumulators[i].result();
            }
            return out;
        }
    }

    private RowCursor sort(LogicalPlan.Sort s) {
        List<Object[]> all = new ArrayList<>();
        List<Object[]> keys = new ArrayList<>();
        long held = 0;
        try (RowCursor input = open(s.input())) {
            Object[] row;
            while ((row = input.next()) != null) {
                ctx.tick();
                Object[] k = new Object[s.keys().size()];
                for (int i = 0; i < k.length; i++) {
                    k[i] = s.keys().get(i).expr().eval(ctx, row);
                }
                long b = rowBytes(row) + rowBytes(k);
                held += b;
                ctx.reserve(b);
                all.add(row);
                keys.add(k);
            }
        }
        Integer[] order = new Integer[all.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Comparator<Integer> cmp = (x, y) -> compareKeys(s.keys(), keys.get(x), keys.get(y));
        Arrays.sort(order, cmp); // stable: equal keys keep their input order
        long heldBytes = held;
        Iterator<Integer> it = Arrays.asList(order).iterator();
        return new RowCursor() {
            @Override
            public Object[] next() {
                return it.hasNext() ? all.get(it.next()) : null;
            }

            @Override
            public void close() {
                ctx.release(heldBytes);
            }
        };
    }

    private static int compareKeys(List<SortKey> spec, Object[] a, Object[] b) {
        for (int i = 0; i < spec.size(); i++) {
            SortKey k = spec.get(i);
            Object x = a[i];
            Object y = b[i];
            int c;
            if (x == null || y == null) {
                if (x == y) {
                    continue;
                }
                c = (x == null) == k.nullsFirst() ? -1 : 1;
                if (c != 0) {
                    return c; // NULL placement does not flip with DESC
                }
            } else {
                c = Values.compare(x, y);
                if (k.descending()) {
                    c = -c;
                }
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private RowCursor distinct(RowCursor input) {
        java.util.Set<List<Object>> seen = new java.util.HashSet<>();
        return new RowCursor() {
            long held;

            @Override
            public Object[] next() {
                Object[] row;
                while ((row = input.next()) != null) {
                    ctx.tick();
                    if (seen.add(rowKey(row))) {
                        long b = rowBytes(row);
                        held += b;
                        ctx.reserve(b);
                        return row;
                    }
                }
                return null;
            }

            @Override
            public void close() {
                input.close();
                ctx.release(held);
            }
        };
    }

    private RowCursor setOp(LogicalPlan.SetOp s) {
        if (s.kind() == LogicalPlan.SetOpKind.UNION) {
            RowCursor left = open(s.left());
            RowCursor union = new RowCursor() {
                RowCursor right;

                @Override
                public Object[] next() {
                    Object[] row = left.next();
                    if (row != null) {
                        return row;
                    }
                    if (right == null) {
                        right = open(s.right());
                    }
                    return right.next();
                }

                @Override
                public void close() {
                    left.close();
                    if (right != null) {
                        right.close();
                    }
                }
            };
            return s.all() ? union : distinct(union);
        }
        // INTERSECT / EXCEPT: count the right side's rows, then let the left side's rows through.
        Map<List<Object>, long[]> counts = new HashMap<>();
        long held = 0;
        try (RowCursor right = open(s.right())) {
            Object[] row;
            while ((row = right.next()) != null) {
                ctx.tick();
                long[] n = counts.get(rowKey(row));
                if (n == null) {
                    counts.put(rowKey(row), new long[] {1});
                    long b = rowBytes(row) + 32;
                    held += b;
                    ctx.reserve(b);
                } else {
                    n[0]++;
                }
            }
        }
        boolean intersect = s.kind() == LogicalPlan.SetOpKind.INTERSECT;
        RowCursor left = open(s.left());
        java.util.Set<List<Object>> emitted = new java.util.HashSet<>();
        long heldBytes = held;
        return new RowCursor() {
            long emittedBytes;

            @Override
            public Object[] next() {
                Object[] row;
                while ((row = left.next()) != null) {
                    ctx.tick();
                    List<Object> key = rowKey(row);
                    long[] n = counts.get(key);
                    boolean pass;
                    if (s.all()) {
                        if (intersect) {
                            pass = n != null && n[0] > 0;
                            if (pass) {
                                n[0]--;
                            }
                        } else {
                            pass = n == null || n[0] == 0;
                            if (!pass) {
                                n[0]--;
                            }
                        }
                    } else {
                        pass = (intersect == (n != null)) && emitted.add(key);
                        if (pass) {
                            long b = rowBytes(row) + 32; // the rows already returned are held to drop duplicates
                            emittedBytes += b;
                            ctx.reserve(b);
                        }
                    }
                    if (pass) {
                        return row;
                    }
                }
                return null;
            }

            @Override
            public void close() {
                left.close();
                ctx.release(heldBytes + emittedBytes);
            }
        };
    }

    /** A row's identity for DISTINCT, GROUP BY and set operations: normalised values, NULLs equal. */
    static List<Object> rowKey(Object[] row) {
        Object[] k = new Object[row.length];
        for (int i = 0; i < k.length; i++) {
            k[i] = row[i] == null ? null : Values.hashKey(row[i]);
        }
        return Arrays.asList(k);
    }

    static long rowBytes(Object[] row) {
        long b = 16 + 8L * row.length;
        for (Object v : row) {
            if (v != null) {
                b += Values.estimateBytes(v);
            }
        }
        return b;
    }
}
