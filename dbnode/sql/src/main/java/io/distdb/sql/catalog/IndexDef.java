package io.distdb.sql.catalog;

import java.util.List;

/** A secondary index: its own key range {@code <id><values><primary key>} in SQL_INDEXES. */
public record IndexDef(int id, String name, List<String> columns, Kind kind, boolean unique) {

    /** BTREE keys are ordered by value (equality and ranges); HASH keys start with a hash of the values (equality only). */
    public enum Kind {
        BTREE, HASH
    }
}
