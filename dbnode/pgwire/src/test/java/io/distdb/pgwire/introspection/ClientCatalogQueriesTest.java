package io.distdb.pgwire.introspection;

import io.distdb.sql.SqlEngine;
import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.runtime.SqlSettings;
import io.distdb.sql.types.SqlType;
import io.distdb.storage.Durability;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalog queries psql 15 and pgjdbc 42.7 sent to PostgreSQL 15 (resources {@code introspection/}),
 * fed to {@link ClientCatalogQueries} over a standalone engine holding the same schema as that capture:
 * the answers carry the rows a user of those clients sees.
 */
class ClientCatalogQueriesTest {

    /** The OIDs PostgreSQL gave t, t_pkey and v in the capture, which psql then put in its queries. */
    private static final String PG_T = "16385";
    private static final String PG_T_PKEY = "16392";
    private static final String PG_V = "16403";

    @TempDir
    static Path dir;
    static LsmStore store;
    static SqlEngine engine;
    static ClientCatalogQueries queries;

    @BeforeAll
    static void schema() {
        store = LsmStore.open(dir, LsmOptions.builder().durability(Durability.NONE).build());
        engine = SqlEngine.standalone(store, SqlSettings.defaults());
        for (String ddl : IntrospectionSchema.DDL) {
            engine.execute(ddl);
        }
        queries = new ClientCatalogQueries(engine);
    }

    @AfterAll
    static void close() throws Exception {
        store.close();
    }

    // ---- psql ---------------------------------------------------------------------------------------------

    @Test
    void psqlListTables() {
        SqlResult r = answer("psql15-dt.sql");
        assertEquals(List.of("Schema", "Name", "Type", "Owner"), r.columnNames());
        assertEquals(List.of(
                List.of("public", "alltypes", "table", "distdb"),
                List.of("public", "nopk", "table", "distdb"),
                List.of("public", "pairs", "table", "distdb"),
                List.of("public", "t", "table", "distdb")), rows(r));
    }

    @Test
    void psqlListEverythingIndexesViewsAndPatterns() {
        assertEquals(List.of("alltypes", "nopk", "pairs", "t", "v"), column(answer("psql15-d.sql"), 1));
        assertEquals(List.of("view"), column(answer("psql15-dv.sql"), 2));
        SqlResult di = answer("psql15-di.sql");
        assertEquals(List.of("Schema", "Name", "Type", "Owner", "Table"), di.columnNames());
        assertEquals(List.of(
                List.of("public", "nopk_score_hash", "index", "distdb", "nopk"),
                List.of("public", "pairs_note_key", "index", "distdb", "pairs"),
                List.of("public", "pairs_pkey", "index", "distdb", "pairs"),
                List.of("public", "t_email_idx", "index", "distdb", "t"),
                List.of("public", "t_name_idx", "index", "distdb", "t"),
                List.of("public", "t_pkey", "index", "distdb", "t")), rows(di));
        assertEquals(List.of("t"), column(answer("psql15-dt-pattern.sql"), 1)); // \dt t*
        assertEquals(List.of("t"), column(answer("psql15-dt-schema.sql"), 1)); // \dt public.t
        assertEquals(List.of("t_email_idx", "t_name_idx", "t_pkey"), column(answer("psql15-di-pattern.sql"), 1)); // \di t_*
        SqlResult plus = answer("psql15-dtplus.sql");
        assertEquals(List.of("Schema", "Name", "Type", "Owner", "Persistence", "Access method", "Size", "Description"),
                plus.columnNames());
        assertEquals(Arrays.asList("public", "t", "table", "distdb", "permanent", "heap", null, null), rows(plus).get(3));
    }

    @Test
    void psqlListDatabasesAndSchemas() {
        SqlResult l = queries.answer(resource("psql15-l.sql"), List.of(), "shop", "alice").orElseThrow();
        assertEquals(List.of("Name", "Owner", "Encoding", "Collate", "Ctype", "ICU Locale", "Locale Provider", "Access privileges"),
                l.columnNames());
        assertEquals(List.of(Arrays.asList("shop", "alice", "UTF8", "C", "C", null, "libc", null)), rows(l));
        SqlResult dn = queries.answer(resource("psql15-dn.sql"), List.of(), "shop", "alice").orElseThrow();
        assertEquals(List.of(List.of("public", "alice")), rows(dn));
    }

    @Test
    void psqlDescribeTable() {
        SqlResult found = answer("psql15-d-table-1.sql");
        assertEquals(List.of("oid", "nspname", "relname"), found.columnNames());
        assertEquals(1, found.rows().size());
        String oid = String.valueOf(found.rows().get(0)[0]);
        assertEquals(String.valueOf(16384 + 2 * engine.catalog().table("t").id()), oid);

        SqlResult flags = answer("psql15-d-table-2.sql", PG_T, oid);
        assertEquals(15, flags.columns().size());
        assertEquals(Arrays.asList(0L, "r", true, false, false, false, false, false, false, "", 0L, "", "p", "d", "heap"),
                rows(flags).get(0));

        SqlResult columns = answer("psql15-d-table-3.sql", PG_T, oid);
        assertEquals(List.of("attname", "format_type", "pg_get_expr", "attnotnull", "attcollation", "attidentity", "attgenerated"),
                columns.columnNames());
        assertEquals(List.of(
                Arrays.asList("id", "integer", null, true, null, "", ""),
                Arrays.asList("name", "character varying(20)", null, true, null, "", ""),
                Arrays.asList("email", "text", null, false, null, "", ""),
                Arrays.asList("score", "bigint", "0", false, null, "", ""),
                Arrays.asList("active", "boolean", "true", false, null, "", ""),
                Arrays.asList("created", "timestamp with time zone", null, false, null, "", "")), rows(columns));

        SqlResult indexes = answer("psql15-d-table-4.sql", PG_T, oid);
        assertEquals(12, indexes.columns().size());
        assertEquals(List.of(
                Arrays.asList("t_pkey", true, true, false, true, "CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id)",
                        "PRIMARY KEY (id)", "p", false, false, false, 0L),
                Arrays.asList("t_email_idx", false, true, false, true, "CREATE UNIQUE INDEX t_email_idx ON public.t USING btree (email)",
                        null, null, null, null, false, 0L),
                Arrays.asList("t_name_idx", false, false, false, true, "CREATE INDEX t_name_idx ON public.t USING btree (name)",
                        null, null, null, null, false, 0L)), rows(indexes));

        for (int i = 5; i <= 9; i++) { // policies, statistics, publications, inheritance, partitions
            SqlResult footer = answer("psql15-d-table-" + i + ".sql", PG_T, oid);
            assertTrue(footer.rows().isEmpty(), "psql15-d-table-" + i);
        }
    }

    @Test
    void psqlDescribeTableVerbose() {
        String oid = oidOf("t");
        SqlResult columns = answer("psql15-dplus-table-3.sql", PG_T, oid);
        assertEquals(List.of("attname", "format_type", "pg_get_expr", "attnotnull", "attcollation", "attidentity", "attgenerated",
                "attstorage", "attcompression", "attstattarget", "col_description"), columns.columnNames());
        assertEquals(Arrays.asList("name", "character varying(20)", null, true, null, "", "", "x", "", null, null), rows(columns).get(1));
        assertEquals(15, answer("psql15-dplus-table-2.sql", PG_T, oid).columns().size());
    }

    @Test
    void psqlDescribeOtherTables() {
        String pairs = oidOf("pairs");
        assertEquals(List.of(Arrays.asList("pairs_pkey", true, true, false, true,
                        "CREATE UNIQUE INDEX pairs_pkey ON public.pairs USING btree (a, b)", "PRIMARY KEY (a, b)", "p", false, false, false, 0L),
                Arrays.asList("pairs_note_key", false, true, false, true,
                        "CREATE UNIQUE INDEX pairs_note_key ON public.pairs USING btree (note)", null, null, null, null, false, 0L)),
                rows(answer("psql15-d-table-4.sql", PG_T, pairs)));
        String nopk = oidOf("nopk");
        // The hidden row id is neither a column nor a primary key.
        assertEquals(List.of("x", "c", "n", "d"), column(answer("psql15-d-table-3.sql", PG_T, nopk), 0));
        assertEquals(List.of("integer", "text", "numeric(10,2)", "double precision"), column(answer("psql15-d-table-3.sql", PG_T, nopk), 1));
        assertEquals(Arrays.asList(null, "'x''y'::text", null, null), column(answer("psql15-d-table-3.sql", PG_T, nopk), 2));
        assertEquals(List.of("CREATE INDEX nopk_score_hash ON public.nopk USING hash (x)"),
                column(answer("psql15-d-table-4.sql", PG_T, nopk), 5));
        assertEquals(List.of("integer", "bigint", "double precision", "numeric(10,2)", "numeric", "text"),
                column(answer("psql15-d-table-3.sql", PG_T, oidOf("alltypes")), 1).subList(1, 7));
    }

    @Test
    void psqlDescribeIndex() {
        String oid = oidOf("t_pkey");
        assertEquals(String.valueOf(16384 + 2 * engine.catalog().table("t").id() + 1), oid);
        SqlResult flags = answer("psql15-d-index-2.sql", PG_T_PKEY, oid);
        assertEquals("i", flags.rows().get(0)[1]);
        assertEquals("btree", flags.rows().get(0)[14]);
        SqlResult columns = answer("psql15-d-index-3.sql", PG_T_PKEY, oid);
        assertEquals(List.of("attname", "format_type", "is_key", "indexdef"), columns.columnNames());
        assertEquals(List.of(List.of("id", "integer", "yes", "id")), rows(columns));
        SqlResult index = answer("psql15-d-index-4.sql", PG_T_PKEY, oid);
        assertEquals(List.of(Arrays.asList(true, true, false, true, false, false, false, false, "btree", "t", null)), rows(index));

        String email = oidOf("t_email_idx");
        assertEquals(String.valueOf(16384 + 2 * engine.catalog().table("t").index("t_email_idx").id()), email);
        assertEquals(Arrays.asList(true, false), rows(answer("psql15-d-index-4.sql", PG_T_PKEY, email)).get(0).subList(0, 2));
    }

    @Test
    void psqlDescribeView() {
        String oid = oidOf("v");
        assertTrue(Long.parseLong(oid) >= 1L << 30 && Long.parseLong(oid) < 1L << 31);
        SqlResult flags = answer("psql15-d-view-2.sql", PG_V, oid);
        assertEquals("v", flags.rows().get(0)[1]);
        assertEquals(null, flags.rows().get(0)[14]);
        assertEquals(List.of(Arrays.asList("id", "integer", null, false, null, "", ""), Arrays.asList("name", "text", null, false, null, "", "")),
                rows(answer("psql15-d-view-3.sql", PG_V, oid)));
        assertEquals(List.of(List.of(" SELECT id, name FROM t;")), rows(answer("psql15-dplus-view-4.sql", PG_V, oid)));
        assertTrue(answer("psql15-dplus-view-5.sql", PG_V, oid).rows().isEmpty());
    }

    @Test
    void psqlDescribeUnknownName() {
        assertTrue(answer("psql15-d-nosuch.sql").rows().isEmpty());
        // An OID that is no relation: psql would not ask, but the answer is empty, not an error.
        assertTrue(answer("psql15-d-table-3.sql", PG_T, "99999").rows().isEmpty());
    }

    // ---- pgjdbc -------------------------------------------------------------------------------------------

    @Test
    void jdbcGetTables() {
        SqlResult all = answer("jdbc42714-getTables-all-TABLE.sql");
        assertEquals(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS", "TYPE_CAT", "TYPE_SCHEM",
                "TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION"), all.columnNames());
        assertEquals(List.of("alltypes", "nopk", "pairs", "t"), column(all, 2));
        assertEquals(List.of(Arrays.asList("distdb", "public", "t", "TABLE", null, "", "", "", "", "")),
                rows(answer("jdbc42714-getTables-public-t.sql")));
        assertEquals(List.of(Arrays.asList("distdb", "public", "v", "VIEW", null, "", "", "", "", "")),
                rows(answer("jdbc42714-getTables-all-VIEW.sql")));
        // No types: every relation, indexes too, ordered by type then name.
        SqlResult any = queries.answer(resource("jdbc42714-getTables-public-t.sql"), List.of("public", "%")).orElseThrow();
        assertEquals(List.of("INDEX", "INDEX", "INDEX", "INDEX", "INDEX", "INDEX", "TABLE", "TABLE", "TABLE", "TABLE", "VIEW"),
                column(any, 3));
        // LIKE with pgjdbc's escapes: t\_% is "t_" then anything.
        assertEquals(List.of("t_email_idx", "t_name_idx", "t_pkey"),
                column(queries.answer(resource("jdbc42714-getTables-public-t.sql"), List.of("public", "t\\_%")).orElseThrow(), 2));
        assertTrue(queries.answer(resource("jdbc42714-getTables-public-t.sql"), List.of("other", "t")).orElseThrow().rows().isEmpty());
    }

    @Test
    void jdbcGetColumns() {
        SqlResult r = answer("jdbc42714-getColumns-t.sql");
        assertEquals(List.of("current_database", "nspname", "relname", "attname", "atttypid", "attnotnull", "atttypmod", "attlen",
                "typtypmod", "attnum", "attidentity", "attgenerated", "adsrc", "description", "typbasetype", "typtype"), r.columnNames());
        assertEquals(List.of(
                Arrays.asList("distdb", "public", "t", "id", 23L, true, -1L, 4L, -1L, 1L, null, null, null, null, 0L, "b"),
                Arrays.asList("distdb", "public", "t", "name", 1043L, true, 24L, -1L, -1L, 2L, null, null, null, null, 0L, "b"),
                Arrays.asList("distdb", "public", "t", "email", 25L, false, -1L, -1L, -1L, 3L, null, null, null, null, 0L, "b"),
                Arrays.asList("distdb", "public", "t", "score", 20L, false, -1L, 8L, -1L, 4L, null, null, "0", null, 0L, "b"),
                Arrays.asList("distdb", "public", "t", "active", 16L, false, -1L, 1L, -1L, 5L, null, null, "true", null, 0L, "b"),
                Arrays.asList("distdb", "public", "t", "created", 1184L, false, -1L, 8L, -1L, 6L, null, null, null, null, 0L, "b")),
                rows(r));
        assertEquals(6, answer("jdbc42714-getColumns-public-t-pct.sql").rows().size());
        SqlResult types = answer("jdbc42714-getColumns-alltypes.sql");
        assertEquals(List.of(21L, 23L, 20L, 701L, 1700L, 1700L, 25L, 1043L, 16L, 1082L, 1184L, 17L, 3802L, 25L), column(types, 4));
        assertEquals((10L << 16 | 2) + 4, types.rows().get(4)[6]);
        SqlResult one = queries.answer(resource("jdbc42714-getColumns-public-t-pct.sql"), List.of("public", "t", "e%")).orElseThrow();
        assertEquals(List.of("email"), column(one, 3));
    }

    @Test
    void jdbcGetPrimaryKeys() {
        SqlResult t = answer("jdbc42714-getPrimaryKeys-t.sql");
        assertEquals(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"), t.columnNames());
        assertEquals(List.of(List.of("distdb", "public", "t", "id", 1L, "t_pkey")), rows(t));
        assertEquals(List.of(List.of("distdb", "public", "pairs", "a", 1L, "pairs_pkey"), List.of("distdb", "public", "pairs", "b", 2L, "pairs_pkey")),
                rows(answer("jdbc42714-getPrimaryKeys-pairs.sql")));
        assertTrue(queries.answer(resource("jdbc42714-getPrimaryKeys-t.sql"), List.of("nopk")).orElseThrow().rows().isEmpty());
    }

    @Test
    void jdbcGetIndexInfo() {
        SqlResult r = answer("jdbc42714-getIndexInfo-t.sql");
        assertEquals(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "NON_UNIQUE", "INDEX_QUALIFIER", "INDEX_NAME", "TYPE",
                "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC", "CARDINALITY", "PAGES", "FILTER_CONDITION", "REMARKS"), r.columnNames());
        assertEquals(List.of(
                Arrays.asList("distdb", "public", "t", false, null, "t_email_idx", 3L, 1L, "email", "A", 0.0, 0L, null, null),
                Arrays.asList("distdb", "public", "t", false, null, "t_pkey", 3L, 1L, "id", "A", 0.0, 0L, null, null),
                Arrays.asList("distdb", "public", "t", true, null, "t_name_idx", 3L, 1L, "name", "A", 0.0, 0L, null, null)), rows(r));
        assertEquals(List.of("t_email_idx", "t_pkey"), column(answer("jdbc42714-getIndexInfo-t-unique.sql"), 5));
        SqlResult pairs = queries.answer(resource("jdbc42714-getIndexInfo-t.sql"), List.of("pairs")).orElseThrow();
        assertEquals(List.of("pairs_note_key", "pairs_pkey", "pairs_pkey"), column(pairs, 5));
        assertEquals(List.of(1L, 1L, 2L), column(pairs, 7));
        SqlResult hash = queries.answer(resource("jdbc42714-getIndexInfo-t.sql"), List.of("nopk")).orElseThrow();
        assertEquals(Arrays.asList("distdb", "public", "nopk", true, null, "nopk_score_hash", 2L, 1L, "x", null, 0.0, 0L, null, null),
                rows(hash).get(0));
    }

    @Test
    void jdbcSchemasCatalogsKeysSettings() {
        assertEquals(List.of(List.of("public", "distdb")), rows(answer("jdbc42714-getSchemas.sql")));
        assertEquals(List.of(List.of("distdb")), rows(answer("jdbc42714-getCatalogs.sql")));
        SqlResult keys = answer("jdbc42714-getImportedKeys.sql");
        assertEquals(14, keys.columns().size());
        assertTrue(keys.rows().isEmpty());
        assertEquals(List.of(List.of("32")), rows(answer("jdbc42714-pg-settings-max-index-keys.sql")));
    }

    @Test
    void jdbcResultSetMetadata() {
        // pgjdbc asks about pg_catalog's own tables for its catalog results: unknown to DistDB, no row.
        assertTrue(answer("jdbc42714-field-metadata-pg-class.sql").rows().isEmpty());
        String oid = oidOf("t");
        SqlResult r = answer("jdbc42714-field-metadata-t.sql", "16385", oid);
        assertEquals(List.of(Arrays.asList(Long.parseLong(oid), 1L, "id", "t", "public", true, false),
                Arrays.asList(Long.parseLong(oid), 2L, "name", "t", "public", true, false)), rows(r));
        assertEquals(SqlType.BOOLEAN, r.columns().get(5).type());
    }

    @Test
    void sessionFunctions() {
        assertEquals(List.of(List.of("distdb")), rows(answer("jdbc42714-current-catalog.sql")));
        SqlResult r = queries.answer("SELECT current_database(), current_user, session_user AS who, current_schema()", List.of(),
                "shop", "alice").orElseThrow();
        assertEquals(List.of("current_database", "current_user", "who", "current_schema"), r.columnNames());
        assertEquals(List.of(List.of("shop", "alice", "alice", "public")), rows(r));
        assertEquals(List.of(List.of("alice")), rows(queries.answer("select pg_catalog.current_user;", List.of(), "shop", "alice").orElseThrow()));
        SqlResult v = queries.answer("select current_user, current_schema, version()", List.of()).orElseThrow();
        assertEquals(List.of("current_user", "current_schema", "version"), v.columnNames());
        assertEquals(engine.execute("SELECT version()").rows().get(0)[0], v.rows().get(0)[2]);
        assertEquals(Optional.empty(), queries.answer("SELECT current_user, id FROM t", List.of()));
        assertEquals(Optional.empty(), queries.answer("SELECT user_id FROM accounts", List.of()));
    }

    @Test
    void otherStatementsGoToTheEngine() {
        assertEquals(Optional.empty(), queries.answer("SELECT * FROM t WHERE id = $1", List.of(1L)));
        assertEquals(Optional.empty(), queries.answer("INSERT INTO t (id, name) VALUES (1, 'a')", List.of()));
        assertEquals(Optional.empty(), queries.answer("SELECT relname FROM pg_catalog.pg_class WHERE relname ~ 'x'", List.of()));
        assertEquals(Optional.empty(), queries.answer(resource("jdbc42714-getTypeInfo-1.sql"), List.of()));
        assertEquals(Optional.empty(), queries.answer(resource("jdbc42714-connect.sql"), List.of()));
    }

    @Test
    void everyCapturedCatalogQueryIsAnswered() {
        for (String name : IntrospectionSchema.ANSWERED) {
            assertTrue(queries.answer(resource(name), params(name)).isPresent(), name);
        }
    }

    @Test
    void oidsAreStableAcrossInstancesAndChangesElsewhere() {
        String before = oidOf("t");
        engine.execute("CREATE TABLE later (k integer PRIMARY KEY)");
        try {
            assertEquals(before, oidOf("t"));
            assertEquals(before, new ClientCatalogQueries(engine).answer(resource("psql15-d-table-1.sql"), List.of())
                    .orElseThrow().rows().get(0)[0].toString());
            assertNotEquals(oidOf("later"), oidOf("later_pkey"));
        } finally {
            engine.execute("DROP TABLE later");
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    static String oidOf(String relation) {
        String sql = resource("psql15-d-table-1.sql").replace("'^(t)$'", "'^(" + relation + ")$'");
        SqlResult r = queries.answer(sql, List.of()).orElseThrow();
        assertEquals(1, r.rows().size(), relation);
        return String.valueOf(r.rows().get(0)[0]);
    }

    /** The answer to a captured query with its captured parameters, PostgreSQL's OID replaced by DistDB's. */
    static SqlResult answer(String name, String pgOid, String oid) {
        String sql = resource(name);
        assertTrue(sql.contains(pgOid), name + " names " + pgOid);
        return queries.answer(sql.replace(pgOid, oid), params(name)).orElseThrow(() -> new AssertionError("no answer to " + name));
    }

    static SqlResult answer(String name) {
        return queries.answer(resource(name), params(name)).orElseThrow(() -> new AssertionError("no answer to " + name));
    }

    static String resource(String name) {
        try (InputStream in = ClientCatalogQueriesTest.class.getResourceAsStream("/introspection/" + name)) {
            if (in == null) {
                throw new AssertionError("no resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The parameters PostgreSQL logged for a captured query ({@code $1 = 'public', $2 = 't'}), none if it logged none. */
    static List<Object> params(String name) {
        InputStream in = ClientCatalogQueriesTest.class.getResourceAsStream("/introspection/" + name.replace(".sql", ".params"));
        if (in == null) {
            return List.of();
        }
        try (in) {
            String line = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<Object> out = new ArrayList<>();
            Matcher m = Pattern.compile("\\$\\d+ = '((?:[^']|'')*)'").matcher(line);
            while (m.find()) {
                out.add(m.group(1).replace("''", "'"));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<List<Object>> rows(SqlResult r) {
        return r.rows().stream().map(Arrays::asList).toList();
    }

    static List<Object> column(SqlResult r, int index) {
        return r.rows().stream().map(row -> row[index]).toList();
    }
}
