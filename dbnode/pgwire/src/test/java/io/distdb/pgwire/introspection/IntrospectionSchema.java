package io.distdb.pgwire.introspection;

import java.util.List;

/** The schema of the capture (see resources {@code introspection/postgres15-output/README.md}), and more for the unit tests. */
final class IntrospectionSchema {

    /** The schema PostgreSQL answered the captured queries for. */
    static final List<String> CAPTURED = List.of(
            "CREATE TABLE t (id integer PRIMARY KEY, name varchar(20) NOT NULL, email text, score bigint DEFAULT 0, "
                    + "active boolean DEFAULT true, created timestamptz)",
            "CREATE UNIQUE INDEX t_email_idx ON t (email)",
            "CREATE INDEX t_name_idx ON t (name)",
            "CREATE TABLE pairs (a integer, b text, note text, PRIMARY KEY (a, b))",
            "CREATE VIEW v AS SELECT id, name FROM t",
            "CREATE TABLE alltypes (s smallint, i integer, b bigint, d double precision, n numeric(10,2), n2 numeric, "
                    + "tx text, v varchar(5), bo boolean, dt date, ts timestamptz, by bytea, j jsonb, c text DEFAULT 'x''y')");

    /** The captured schema with a unique constraint on pairs.note, and a table without primary key with a hash index. */
    static final List<String> DDL = List.of(
            "CREATE TABLE t (id integer PRIMARY KEY, name varchar(20) NOT NULL, email text, score bigint DEFAULT 0, "
                    + "active boolean DEFAULT true, created timestamptz)",
            "CREATE UNIQUE INDEX t_email_idx ON t (email)",
            "CREATE INDEX t_name_idx ON t (name)",
            "CREATE TABLE pairs (a integer, b text, note text UNIQUE, PRIMARY KEY (a, b))",
            "CREATE VIEW v AS SELECT id, name FROM t",
            "CREATE TABLE alltypes (s smallint, i integer, b bigint, d double precision, n numeric(10,2), n2 numeric, "
                    + "tx text, v varchar(5), bo boolean, dt date, ts timestamptz, by bytea, j jsonb, c text DEFAULT 'x''y')",
            "CREATE TABLE nopk (x integer, c text DEFAULT 'x''y', n numeric(10,2), d double precision)",
            "CREATE INDEX nopk_score_hash ON nopk USING hash (x)");

    /** Every captured catalog query that DistDB answers (the others: pgjdbc's getTypeInfo, and its SET at connection). */
    static final List<String> ANSWERED = List.of(
            "psql15-dt.sql", "psql15-d.sql", "psql15-dv.sql", "psql15-di.sql", "psql15-l.sql", "psql15-dn.sql",
            "psql15-dt-pattern.sql", "psql15-dt-schema.sql", "psql15-di-pattern.sql", "psql15-dtplus.sql", "psql15-d-nosuch.sql",
            "psql15-d-table-1.sql", "psql15-d-table-2.sql", "psql15-d-table-3.sql", "psql15-d-table-4.sql", "psql15-d-table-5.sql",
            "psql15-d-table-6.sql", "psql15-d-table-7.sql", "psql15-d-table-8.sql", "psql15-d-table-9.sql",
            "psql15-dplus-table-1.sql", "psql15-dplus-table-2.sql", "psql15-dplus-table-3.sql", "psql15-dplus-table-4.sql",
            "psql15-dplus-table-5.sql", "psql15-dplus-table-6.sql", "psql15-dplus-table-7.sql", "psql15-dplus-table-8.sql",
            "psql15-dplus-table-9.sql",
            "psql15-d-view-1.sql", "psql15-d-view-2.sql", "psql15-d-view-3.sql",
            "psql15-dplus-view-1.sql", "psql15-dplus-view-2.sql", "psql15-dplus-view-3.sql", "psql15-dplus-view-4.sql",
            "psql15-dplus-view-5.sql",
            "psql15-d-index-1.sql", "psql15-d-index-2.sql", "psql15-d-index-3.sql", "psql15-d-index-4.sql",
            "jdbc42714-current-catalog.sql", "jdbc42714-getTables-all-TABLE.sql", "jdbc42714-getTables-public-t.sql",
            "jdbc42714-getTables-all-VIEW.sql", "jdbc42714-getColumns-t.sql", "jdbc42714-getColumns-public-t-pct.sql",
            "jdbc42714-getColumns-alltypes.sql", "jdbc42714-getPrimaryKeys-t.sql", "jdbc42714-getPrimaryKeys-pairs.sql",
            "jdbc42714-getIndexInfo-t.sql", "jdbc42714-getIndexInfo-t-unique.sql", "jdbc42714-getSchemas.sql",
            "jdbc42714-getCatalogs.sql", "jdbc42714-getImportedKeys.sql", "jdbc42714-pg-settings-max-index-keys.sql",
            "jdbc42714-field-metadata-pg-class.sql", "jdbc42714-field-metadata-t.sql");

    private IntrospectionSchema() {
    }
}
