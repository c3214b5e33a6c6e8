package io.distdb.sql.plan;

import io.distdb.sql.catalog.IndexDef;

import java.util.List;

/**
 * How a scan fetches a table's rows. Key values are expressions (constants, parameters, or the current row
 * of an enclosing query), evaluated when the scan opens; every path reads a superset of the rows its
 * conditions select, and the scan's filters are always checked on what it reads.
 *
 * @param index    the index read, {@code null} for the primary key
 * @param prefixes alternative values of the leading key columns, each an equality on a prefix of the key
 *                 (several for {@code IN}); one empty prefix for a pure range or a full scan
 * @param lower    a bound on the key column after the prefix, or {@code null}
 * @param upper    likewise
 * @param point    whether each prefix names the whole primary key (a point read)
 * @param describe the EXPLAIN text: {@code PRIMARY KEY LOOKUP (..)}, {@code BTREE INDEX name RANGE (..)}, ...
 */
public record AccessPath(IndexDef index, List<List<BoundExpr>> prefixes, Bound lower, Bound upper, boolean point,
                         String describe) {

    public AccessPath {
        prefixes = prefixes.stream().map(List::copyOf).toList();
    }

    public static AccessPath fullScan() {
        return new AccessPath(null, List.of(List.of()), null, null, false, "FULL SCAN");
    }

    public boolean isFullScan() {
        return index == null && !point && lower == null && upper == null && prefixes.size() == 1 && prefixes.get(0).isEmpty();
    }

    /** One end of a range: {@code prefix} is the text a LIKE prefix bound is built from ({@code upper} then reads past it). */
    public record Bound(BoundExpr value, boolean inclusive, boolean likePrefix) {
    }
}
