package io.distdb.server.sql.plan;

import io.distdb.server.sql.catalog.IndexDef;
import io.distdb.server.sql.catalog.TableDef;

import java.util.List;

/**
 * How one table's rows are fetched. Every path returns a superset of the rows its conditions select; the
 * statement's full condition is always checked again on the fetched rows.
 */
public sealed interface AccessPath {

    TableDef table();

    /** The EXPLAIN text: {@code PRIMARY KEY LOOKUP}, {@code PRIMARY KEY RANGE}, {@code HASH INDEX <name>}, {@code BTREE INDEX <name> RANGE}, {@code FULL SCAN}. */
    String describe();

    /** Byte range [from, to) of a key space. */
    record Span(byte[] from, byte[] to) {
    }

    /** Every row, in primary key order. */
    record FullScan(TableDef table) implements AccessPath {
        @Override
        public String describe() {
            return "FULL SCAN";
        }
    }

    /** Point reads of whole primary keys ({@code keyTuples} are encoded primary key tuples). */
    record PrimaryKeyLookup(TableDef table, List<byte[]> keyTuples, String conditions) implements AccessPath {
        @Override
        public String describe() {
            return "PRIMARY KEY LOOKUP " + conditions;
        }
    }

    /** Ordered scans of row key ranges. */
    record PrimaryKeyRange(TableDef table, List<Span> spans, String conditions) implements AccessPath {
        @Override
        public String describe() {
            return "PRIMARY KEY RANGE " + conditions;
        }
    }

    /** Point reads of documents by id (the primary key of a {@code documents.<collection>} table). */
    record DocumentLookup(TableDef table, List<String> ids, String conditions) implements AccessPath {
        @Override
        public String describe() {
            return "PRIMARY KEY LOOKUP " + conditions;
        }
    }

    /** Scans of index key ranges, each entry naming a row to read. */
    record IndexScan(TableDef table, IndexDef index, List<Span> spans, String conditions) implements AccessPath {
        @Override
        public String describe() {
            return (index.kind() == IndexDef.Kind.HASH ? "HASH INDEX " + index.name()
                    : "BTREE INDEX " + index.name() + " RANGE") + (index.unique() ? " UNIQUE " : " ") + conditions;
        }
    }
}
