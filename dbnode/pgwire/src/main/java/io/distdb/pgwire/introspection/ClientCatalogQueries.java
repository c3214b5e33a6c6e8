package io.distdb.pgwire.introspection;

import io.distdb.sql.SqlEngine;
import io.distdb.sql.runtime.SqlResult;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Answers the catalog (introspection) queries that psql and pgjdbc send, from the engine's catalog.
 *
 * <p>These queries read pg_catalog with features far beyond DistDB's dialect (regular expression operators,
 * arrays, {@code ::regclass}, {@code pg_get_expr}, window functions...). Rather than emulate pg_catalog,
 * this class recognizes each query a client sends by distinctive fragments of its text (whitespace made
 * single spaces, case ignored), reads the filters the client put in it (psql's regular expressions,
 * pgjdbc's LIKE patterns and bound parameters, psql's {@code c.oid = '<oid>'}) and builds the answer
 * PostgreSQL would give, with the columns, in the order and with the names, the client reads:
 * <ul>
 *   <li>{@link PsqlListRelations}: {@code \d}, {@code \dt}, {@code \di}, {@code \dv}, with {@code +} and patterns;</li>
 *   <li>{@link PsqlListDatabases}: {@code \l} and {@code \dn};</li>
 *   <li>{@link PsqlDescribe} and {@link PsqlDescribeFooters}: {@code \d name} and {@code \d+ name} of a table,
 *       index or view;</li>
 *   <li>{@link JdbcTables}, {@link JdbcColumns}, {@link JdbcPrimaryKeys}, {@link JdbcIndexInfo},
 *       {@link JdbcSchemasAndCatalogs}, {@link JdbcKeysAndSettings}, {@link JdbcFieldMetadata}: pgjdbc's
 *       DatabaseMetaData and ResultSetMetaData;</li>
 *   <li>{@link SessionFunctions}: {@code SELECT current_database()}, {@code current_user} and the like.</li>
 * </ul>
 * The rows come from {@link CatalogRows}; relation OIDs are derived from catalog ids (tables
 * {@code 16384 + 2·id}, secondary indexes {@code 16384 + 2·indexId}, a table's primary key
 * {@code 16384 + 2·tableId + 1}, views {@code 2^30 + hash(name) mod 2^30}; see {@link Oids}), so an OID
 * handed out in one answer is recognized in the next.
 *
 * <p>A statement that is none of these gets no answer and goes to the engine; so does any other query of
 * pg_catalog or information_schema, for which the engine reports the missing relation as usual. The
 * queries were captured from psql 15 and pgjdbc 42.7 against PostgreSQL 15 (they are the texts in the
 * tests' resources); psql builds its queries for the server version it is told, and these are those it
 * builds for version 15 and later.
 *
 * <p>Thread-safe: it keeps no state besides the engine; every answer reads the catalog as it is then.
 */
public final class ClientCatalogQueries {

    /** The database and user assumed when the caller does not say which the connection named. */
    public static final String DEFAULT_DATABASE = "distdb";
    public static final String DEFAULT_USER = "distdb";

    /** Cheap first test: every statement this class answers names one of these. */
    private static final Pattern CANDIDATE = Pattern.compile(
            "pg_catalog|information_schema|current_|session_user|\\buser\\b", Pattern.CASE_INSENSITIVE);

    private final List<CatalogQuery> recognizers;

    public ClientCatalogQueries(SqlEngine engine) {
        CatalogRows catalog = new CatalogRows(engine);
        // Most specific first: the footers recognizer matches broadly on the catalog tables it names.
        this.recognizers = List.of(
                new SessionFunctions(new EngineVersion(engine)),
                new PsqlListRelations(catalog),
                new PsqlListDatabases(),
                new PsqlDescribe(catalog),
                new JdbcTables(catalog),
                new JdbcColumns(catalog),
                new JdbcPrimaryKeys(catalog),
                new JdbcIndexInfo(catalog),
                new JdbcSchemasAndCatalogs(),
                new JdbcKeysAndSettings(),
                new JdbcFieldMetadata(catalog),
                new PsqlDescribeFooters());
    }

    /**
     * The answer to one statement text a client sent, when it is a catalog query this class knows; empty
     * otherwise (then the statement goes to the SQL engine). params are the bound parameter values (String
     * for text, Long, etc.), may be empty. The connection's database and user are taken to be
     * {@value #DEFAULT_DATABASE} and {@value #DEFAULT_USER}.
     */
    public Optional<SqlResult> answer(String sql, List<Object> params) {
        return answer(sql, params, DEFAULT_DATABASE, DEFAULT_USER);
    }

    /** {@link #answer(String, List)} for a connection that named {@code database} and {@code user} at startup. */
    public Optional<SqlResult> answer(String sql, List<Object> params, String database, String user) {
        if (sql == null || !CANDIDATE.matcher(sql).find()) {
            return Optional.empty();
        }
        QueryText q = new QueryText(sql, params);
        CatalogQuery.Client client = new CatalogQuery.Client(
                database == null || database.isEmpty() ? DEFAULT_DATABASE : database,
                user == null || user.isEmpty() ? DEFAULT_USER : user);
        for (CatalogQuery r : recognizers) {
            Optional<SqlResult> answer = r.answer(q, client);
            if (answer.isPresent()) {
                return answer;
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code sql} is a statement this class answers, whatever its parameters' values: the protocol
     * server asks at Parse, before any value is bound. Recognition reads only the text; parameters only
     * filter the rows.
     */
    public boolean recognizes(String sql) {
        return answer(sql, List.of()).isPresent();
    }

    /** The engine's {@code version()}, asked once, when a statement first needs it. */
    private static final class EngineVersion implements java.util.function.Supplier<String> {
        private final SqlEngine engine;
        private volatile String version;

        EngineVersion(SqlEngine engine) {
            this.engine = engine;
        }

        @Override
        public String get() {
            String v = version;
            if (v == null) {
                v = String.valueOf(engine.execute("SELECT version()").rows().get(0)[0]);
                version = v;
            }
            return v;
        }
    }
}
