package io.distdb.server.sql.exec;

import io.distdb.server.documents.Document;
import io.distdb.server.documents.DocumentStore;
import io.distdb.server.replication.EntryShaper;
import io.distdb.server.replication.ShapedScans;
import io.distdb.server.sql.catalog.TableDef;
import io.distdb.server.sql.codec.Keys;
import io.distdb.server.sql.codec.RowCodec;
import io.distdb.server.sql.plan.AccessPath;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.ReadView;
import io.distdb.storage.ScanRange;

/** Fetches the rows an {@link AccessPath} names, decoded into arrays of the table's columns. */
public final class TableReader {

    /** Receives rows; returns {@code false} to stop the scan early (LIMIT). */
    @FunctionalInterface
    public interface RowSink {
        boolean accept(Object[] row);
    }

    /** Sentinel used to stop a document scan that only offers a callback. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    private final RowCodec codec;
    private final DocumentStore documents;

    public TableReader(RowCodec codec, DocumentStore documents) {
        this.codec = codec;
        this.documents = documents;
    }

    public void read(ReadView view, AccessPath path, RowSink sink) {
        read(view, path, null, sink);
    }

    /**
     * Reads the rows of {@code path}; when {@code shaper} is given and {@code view} is a replicated keyspace,
     * replicas filter and trim the rows of its scans before sending them (the rows still get every check).
     */
    public void read(ReadView view, AccessPath path, EntryShaper shaper, RowSink sink) {
        TableDef table = path.table();
        int width = table.columns().size();
        if (path instanceof AccessPath.FullScan) {
            if (table.documents()) {
                scanDocuments(table, sink);
            } else {
                scanRows(view, ScanRange.prefix(Keys.tablePrefix(table.id())), shaper, width, sink);
            }
        } else if (path instanceof AccessPath.PrimaryKeyLookup lookup) {
            for (byte[] tuple : lookup.keyTuples()) {
                byte[] value = view.get(Keys.rowKey(table.id(), tuple));
                if (value != null && !sink.accept(codec.decode(value, width))) {
                    return;
                }
            }
        } else if (path instanceof AccessPath.PrimaryKeyRange range) {
            for (AccessPath.Span span : range.spans()) {
                if (!scanRows(view, ScanRange.between(span.from(), span.to()), shaper, width, sink)) {
                    return;
                }
            }
        } else if (path instanceof AccessPath.IndexScan index) {
            for (AccessPath.Span span : index.spans()) {
                try (KvIterator it = view.scan(ScanRange.between(span.from(), span.to()))) {
                    while (it.hasNext()) {
                        byte[] pk = Keys.primaryKeyOfIndexKey(index.index(), it.next().key());
                        byte[] value = view.get(Keys.rowKey(table.id(), pk));
                        // A row and its index entries are separate keys of the replicated keyspace; an entry
                        // whose row is gone (a write refused with 503 after reaching some replicas) is skipped.
                        if (value == null) {
                            continue;
                        }
                        if (!sink.accept(codec.decode(value, width))) {
                            return;
                        }
                    }
                }
            }
        } else if (path instanceof AccessPath.DocumentLookup lookup) {
            String collection = collectionOf(table);
            for (String id : lookup.ids()) {
                Document d = documents.get(collection, id);
                if (d != null && !sink.accept(new Object[] {d.id(), d.body()})) {
                    return;
                }
            }
        }
    }

    private boolean scanRows(ReadView view, ScanRange range, EntryShaper shaper, int width, RowSink sink) {
        try (KvIterator it = shaper != null && view instanceof ShapedScans shaped ? shaped.scan(range, shaper) : view.scan(range)) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                if (!sink.accept(codec.decode(kv.value(), width))) {
                    return false;
                }
            }
        }
        return true;
    }

    private void scanDocuments(TableDef table, RowSink sink) {
        try {
            documents.forEach(collectionOf(table), d -> {
                if (!sink.accept(new Object[] {d.id(), d.body()})) {
                    throw new Stop();
                }
            });
        } catch (Stop stopped) {
            // the sink has what it needs
        }
    }

    private static String collectionOf(TableDef table) {
        return table.name().substring(table.name().indexOf('.') + 1);
    }
}
