package io.distdb.pgwire.introspection;

import io.distdb.sql.runtime.SqlResult;

import java.util.Optional;

/**
 * The footers of psql's {@code \d name} for what DistDB does not have: row security policies, extended
 * statistics, publications, inheritance parents and partitions, rules, triggers, check and foreign key
 * constraints. psql asks for some of them whatever the flags say; each gets an answer with no row, so
 * psql prints no footer (rather than stopping at an error).
 */
final class PsqlDescribeFooters implements CatalogQuery {

    @Override
    public Optional<SqlResult> answer(QueryText q, Client client) {
        if (q.has("from pg_catalog.pg_policy pol")) {
            return Optional.of(Rows.empty("polname", "polpermissive", "array_to_string", "pg_get_expr", "pg_get_expr", "cmd"));
        }
        if (q.has("from pg_catalog.pg_statistic_ext")) {
            return Optional.of(Rows.empty("oid", "stxrelid", "nsp", "stxname", "columns", "ndist_enabled", "deps_enabled",
                    "mcv_enabled", "stxstattarget"));
        }
        if (q.has("from pg_catalog.pg_publication p")) {
            return Optional.of(Rows.empty("pubname", "?column?", "?column?"));
        }
        if (q.has("pg_catalog.pg_inherits i") && q.has("i.inhrelid =")) {
            return Optional.of(Rows.empty("oid"));
        }
        if (q.has("pg_catalog.pg_inherits i") && q.has("i.inhparent =")) {
            return Optional.of(Rows.empty("oid", "relkind", "inhdetachpending", "pg_get_expr"));
        }
        if (q.has("from pg_catalog.pg_rewrite r")) {
            return Optional.of(Rows.empty("rulename", "btrim"));
        }
        if (q.has("from pg_catalog.pg_trigger t")) {
            return Optional.of(Rows.empty("tgname", "pg_get_triggerdef", "tgenabled", "tgisinternal"));
        }
        if (q.has("from pg_catalog.pg_constraint r") && (q.has("r.conrelid =") || q.has("r.contype = 'c'"))) {
            return Optional.of(Rows.empty("conname", "condef"));
        }
        if (q.has("pg_catalog.pg_constraint") && (q.has("contype = 'f'") || q.has("confrelid"))
                && q.has("pg_catalog.pg_get_constraintdef") && !q.has("\"pktable_cat\"")) {
            return Optional.of(Rows.empty("sametable", "conname", "condef", "ontable"));
        }
        return Optional.empty();
    }
}
