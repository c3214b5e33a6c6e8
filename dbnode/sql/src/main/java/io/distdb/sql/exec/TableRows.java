package io.distdb.sql.exec;

import io.distdb.sql.catalog.ColumnDef;
import io.distdb.sql.catalog.IndexDef;
import io.distdb.sql.catalog.TableDef;
import io.distdb.sql.codec.Keys;
import io.distdb.sql.codec.RowCodec;
import io.distdb.sql.codec.TupleCodec;
import io.distdb.sql.plan.AccessPath;
import io.distdb.sql.plan.BoundExpr;
import io.distdb.sql.plan.LogicalPlan;
import io.distdb.sql.runtime.QueryContext;
import io.distdb.sql.types.SqlType;
import io.distdb.sql.types.Values;
import io.distdb.storage.Bytes;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.ReadView;
import io.distdb.storage.ScanRange;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads a table's stored rows along an access path: point reads of primary keys, ordered scans of primary
 * key ranges, or index ranges whose entries name the rows to read. Rows come decoded into arrays of the
 * table's columns; rows stored before a column was added get that column's value for old rows.
 */
public class TableRows {

    /** How a scan of row keys reaches the store; the node adds pushdown to replicas here. */
    @FunctionalInterface
    public interface RangeReader {
        KvIterator scan(ReadView view, ScanRange range, LogicalPlan.Scan scan, QueryContext ctx);
    }

    /**
     * How an aggregation over one table's key ranges can be folded where the rows are (on the replicas): the
     * aggregation's rows, or {@code null} when it cannot be folded this time (the rows are then read).
     */
    @FunctionalInterface
    public interface RangeFolder {
        List<Object[]> fold(ReadView view, List<ScanRange> ranges, LogicalPlan.Aggregate aggregate, QueryContext ctx);
    }

    private final RowCodec codec;
    private final RangeReader ranges;
    private final RangeFolder folder;

    public TableRows(RowCodec codec) {
        this(codec, (view, range, scan, ctx) -> view.scan(range), null);
    }

    public TableRows(RowCodec codec, RangeReader ranges, RangeFolder folder) {
        this.codec = codec;
        this.ranges = ranges;
        this.folder = folder;
    }

    /**
     * {@code aggregate} (over one table's scan) folded where the rows are, or {@code null} when there is no
     * folding here or the scan reads an index or single keys.
     */
    public List<Object[]> fold(ReadView view, LogicalPlan.Aggregate aggregate, QueryContext ctx) {
        if (folder == null || !AggregateFragment.foldable(aggregate)) {
            return null;
        }
        LogicalPlan.Scan scan = (LogicalPlan.Scan) aggregate.input();
        AccessPath path = scan.access() == null ? AccessPath.fullScan() : scan.access();
        if (path.index() != null || path.point()) {
            return null;
        }
        List<ScanRange> list = new ArrayList<>();
        for (byte[][] span : merged(spans(scan.table(), path, ctx, new ArrayList<>()))) {
            list.add(ScanRange.between(span[0], span[1]));
        }
        return folder.fold(view, list, aggregate, ctx);
    }

    public RowCodec codec() {
        return codec;
    }

    /** Decodes a stored row of {@code table}. */
    public Object[] decode(TableDef table, byte[] stored) {
        int width = table.columns().size();
        Object[] row = codec.decode(stored, width);
        int present = codec.columnCount(stored);
        for (int i = present; i < width; i++) {
            ColumnDef c = table.columns().get(i);
            row[i] = c.missingText() == null ? null : Values.parseText(c.missingText(), c.type());
        }
        return row;
    }

    /** The rows {@code scan}'s access path names, as a closeable iterator of table-width rows. */
    public Iterator<Object[]> read(ReadView view, LogicalPlan.Scan scan, QueryContext ctx) {
        TableDef table = scan.table();
        AccessPath path = scan.access() == null ? AccessPath.fullScan() : scan.access();
        List<byte[]> points = new ArrayList<>();
        List<byte[][]> spans = spans(table, path, ctx, points);
        if (path.point()) {
            return new PointRows(view, table, distinct(points), ctx);
        }
        return new SpanRows(view, scan, merged(spans), ctx);
    }

    /** The key spans of {@code path} as they are in {@code ctx}; point keys go to {@code points}. */
    private List<byte[][]> spans(TableDef table, AccessPath path, QueryContext ctx, List<byte[]> points) {
        List<byte[][]> spans = new ArrayList<>();
        byte[] base = path.index() == null ? Keys.tablePrefix(table.id()) : Keys.indexPrefix(path.index().id());
        for (List<BoundExpr> prefix : path.prefixes()) {
            List<Object> values = new ArrayList<>();
            boolean nullKey = false;
            for (int i = 0; i < prefix.size(); i++) {
                Object v = prefix.get(i).eval(ctx, null);
                if (v == null) {
                    nullKey = true; // = NULL matches nothing
                    break;
                }
                values.add(Values.coerce(v, keyType(table, path, i)));
            }
            if (nullKey) {
                continue;
            }
            if (path.point()) {
                points.add(Keys.rowKey(table.id(), TupleCodec.encode(values)));
                continue;
            }
            byte[] start = path.index() != null && path.index().kind() == IndexDef.Kind.HASH
                    ? Keys.indexValuesPrefix(path.index(), values) : concat(base, TupleCodec.encode(values));
            byte[] from = start;
            byte[] to = Bytes.prefixEnd(start);
            SqlType next = values.size() < keyColumns(table, path).size() ? keyType(table, path, values.size()) : null;
            if (path.lower() != null && next != null) {
                byte[] bound = bound(start, path.lower(), next, ctx);
                if (bound == null) {
                    continue;
                }
                from = path.lower().inclusive() ? bound : Bytes.prefixEnd(bound);
            }
            if (path.upper() != null && next != null) {
                byte[] bound = bound(start, path.upper(), next, ctx);
                if (bound == null) {
                    continue;
                }
                to = path.upper().inclusive() ? Bytes.prefixEnd(bound) : bound;
            }
            if (path.lower() == null && path.upper() != null && next != null) {
                // Skip NULLs, which sort first and never satisfy a range.
                from = Bytes.prefixEnd(concat(start, TupleCodec.encode(java.util.Arrays.asList((Object) null))));
            }
            if (java.util.Arrays.compareUnsigned(from, to) < 0) {
                spans.add(new byte[][] {from, to});
            }
        }
        return spans;
    }

    /** Point keys without repeats: {@code IN (1, 1)} reads a row once. */
    private static List<byte[]> distinct(List<byte[]> keys) {
        java.util.Set<java.nio.ByteBuffer> seen = new java.util.HashSet<>();
        List<byte[]> out = new ArrayList<>();
        for (byte[] k : keys) {
            if (seen.add(java.nio.ByteBuffer.wrap(k))) {
                out.add(k);
            }
        }
        return out;
    }

    /** Spans in key order with overlapping ones merged, so no row is read twice. */
    private static List<byte[][]> merged(List<byte[][]> spans) {
        if (spans.size() < 2) {
            return spans;
        }
        List<byte[][]> sorted = new ArrayList<>(spans);
        sorted.sort((a, b) -> java.util.Arrays.compareUnsigned(a[0], b[0]));
        List<byte[][]> out = new ArrayList<>();
        byte[][] current = sorted.get(0).clone();
        for (int i = 1; i < sorted.size(); i++) {
            byte[][] next = sorted.get(i);
            if (java.util.Arrays.compareUnsigned(next[0], current[1]) <= 0) {
                if (java.util.Arrays.compareUnsigned(next[1], current[1]) > 0) {
                    current[1] = next[1];
                }
            } else {
                out.add(current);
                current = next.clone();
            }
        }
        out.add(current);
        return out;
    }

    /** The encoded key prefix for a range bound, or {@code null} when the bound is NULL (no row matches). */
    private static byte[] bound(byte[] start, AccessPath.Bound b, SqlType type, QueryContext ctx) {
        Object v = b.value().eval(ctx, null);
        if (v == null) {
            return null;
        }
        if (b.likePrefix()) {
            return concat(start, TupleCodec.textPrefix(Values.toText(v)));
        }
        return concat(start, TupleCodec.encode(java.util.Arrays.asList(Values.coerce(v, type))));
    }

    private static List<String> keyColumns(TableDef table, AccessPath path) {
        return path.index() == null ? table.primaryKey() : path.index().columns();
    }

    private static SqlType keyType(TableDef table, AccessPath path, int i) {
        return table.columns().get(table.columnIndex(keyColumns(table, path).get(i))).type();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private final class PointRows implements Iterator<Object[]> {
        private final ReadView view;
        private final TableDef table;
        private final Iterator<byte[]> keys;
        private final QueryContext ctx;
        private Object[] next;

        PointRows(ReadView view, TableDef table, List<byte[]> keys, QueryContext ctx) {
            this.view = view;
            this.table = table;
            this.keys = keys.iterator();
            this.ctx = ctx;
            advance();
        }

        private void advance() {
            next = null;
            while (keys.hasNext() && next == null) {
                ctx.tick();
                byte[] value = view.get(keys.next());
                if (value != null) {
                    next = decode(table, value);
                }
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
            advance();
            return r;
        }
    }

    /** Ordered scans of key spans, of rows or of index entries (each then read by its primary key). */
    private final class SpanRows implements Iterator<Object[]>, AutoCloseable {
        private final ReadView view;
        private final LogicalPlan.Scan scan;
        private final Iterator<byte[][]> spans;
        private final QueryContext ctx;
        private final IndexDef index;
        private KvIterator current;
        private Object[] next;

        SpanRows(ReadView view, LogicalPlan.Scan scan, List<byte[][]> spans, QueryContext ctx) {
            this.view = view;
            this.scan = scan;
            this.spans = spans.iterator();
            this.ctx = ctx;
            this.index = scan.access() == null ? null : scan.access().index();
            advance();
        }

        private void advance() {
            next = null;
            while (next == null) {
                if (current == null || !current.hasNext()) {
                    if (current != null) {
                        current.close();
                        current = null;
                    }
                    if (!spans.hasNext()) {
                        return;
                    }
                    byte[][] span = spans.next();
                    ScanRange range = ScanRange.between(span[0], span[1]);
                    current = index == null ? ranges.scan(view, range, scan, ctx) : view.scan(range);
                    continue;
                }
                ctx.tick();
                KeyValue kv = current.next();
                if (index == null) {
                    next = decode(scan.table(), kv.value());
                } else {
                    byte[] pk = Keys.primaryKeyOfIndexKey(index, kv.key());
                    byte[] value = view.get(Keys.rowKey(scan.table().id(), pk));
                    // A row and its index entries are separate keys of the replicated keyspace; an entry
                    // whose row is gone (a write that failed part-way in a cluster) is skipped.
                    if (value != null) {
                        next = decode(scan.table(), value);
                    }
                }
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
            advance();
            return r;
        }

        @Override
        public void close() {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }
}
