package io.distdb.sql;

import io.distdb.sql.runtime.SqlSettings;
import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.errors.SqlErrors;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.sql.ast.Expr;
import io.distdb.sql.ast.Query;
import io.distdb.sql.ast.Statement;
import io.distdb.sql.catalog.Catalog;
import io.distdb.sql.catalog.ColumnDef;
import io.distdb.sql.catalog.TableDef;
import io.distdb.sql.catalog.TableLookup;
import io.distdb.sql.catalog.ViewDef;
import io.distdb.sql.codec.RowCodec;
import io.distdb.sql.exec.Explain;
import io.distdb.sql.exec.RowWriter;
import io.distdb.sql.exec.SchemaExecutor;
import io.distdb.sql.exec.TableRows;
import io.distdb.sql.exec.UniqueClaims;
import io.distdb.sql.exec.WriteExecutor;
import io.distdb.sql.parser.SqlParser;
import io.distdb.sql.plan.LogicalPlan;
import io.distdb.sql.runtime.StatementControl;
import io.distdb.sql.catalog.CatalogStore;
import io.distdb.sql.codec.KvCatalogStore;
import io.distdb.sql.storage.DocumentSource;
import io.distdb.sql.storage.KeyClaims;
import io.distdb.sql.types.SqlType;
import io.distdb.storage.KvStore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * The SQL engine of a node, without any framework or transport: every front end (the HTTP endpoint, the
 * PostgreSQL wire protocol, benchmarks, tests) opens {@link Session}s on it. A statement goes through the
 * pipeline parse → bind → logical plan → optimize → execute.
 *
 * <p>Concurrency: queries read a snapshot of the store and take no lock. Statements that write (DML and
 * DDL) run one at a time under the engine's write permit, so their read-check-write (duplicate keys,
 * unique indexes, id counters) is atomic with respect to each other; a transaction holds the permit from
 * its first write to its end. An engine with {@link KeyClaims} (one of several on a cluster) runs DML
 * without the permit, and decides primary keys and unique values by claims among their replicas instead.
 */
public final class SqlEngine {

    /** Statements up to this length are kept parsed, by text. */
    private static final int CACHED_TEXT = 4096;
    private static final int CACHED_STATEMENTS = 512;

    /** How the engine is placed in a node. */
    public record Options(SqlSettings settings, DocumentSource documents, TableRows.RangeReader ranges,
                          TableRows.RangeFolder folder, boolean atomicBatches, Explain.Replicas replicaExplain,
                          CatalogStore catalogStore, KeyClaims claims) {

        /**
         * One node on its own store: batches are atomic, nothing is pushed anywhere, the catalog is kept in
         * the store itself and uniqueness is checked under the engine's write permit.
         */
        public static Options standalone(SqlSettings settings) {
            return new Options(settings, DocumentSource.none(), null, null, true, null, null, null);
        }

        public Options withDocuments(DocumentSource source) {
            return new Options(settings, source, ranges, folder, atomicBatches, replicaExplain, catalogStore, claims);
        }
    }

    final KvStore store;
    final Catalog catalog;
    final SqlSettings settings;
    final DocumentSource documents;
    final TableRows rows;
    final RowWriter writer;
    final WriteExecutor writes;
    /** Uniqueness by key claims on a cluster; {@code null} on one node, which checks it under the write permit. */
    final UniqueClaims claims;
    final SchemaExecutor schema;
    final boolean atomicBatches;
    final Explain.Replicas replicaExplain;
    final Semaphore writePermit = new Semaphore(1, true);
    final Set<StatementControl> running = ConcurrentHashMap.newKeySet();
    private final SqlParser parser;
    private final Map<String, List<SqlParser.Parsed>> parsed = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<SqlParser.Parsed>> eldest) {
                    return size() > CACHED_STATEMENTS;
                }
            });
    final Map<String, CachedPlan> plans = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CachedPlan> eldest) {
            return size() > CACHED_STATEMENTS;
        }
    });
    private volatile boolean closed;

    /** A query's optimized plan for one catalog version. */
    record CachedPlan(long catalogVersion, LogicalPlan plan, List<SqlResult.Column> columns) {
    }

    public SqlEngine(KvStore store, ObjectMapper json, Options options) {
        this.store = store;
        this.settings = options.settings();
        this.catalog = new Catalog(options.catalogStore() != null ? options.catalogStore() : new KvCatalogStore(store), json);
        this.documents = options.documents();
        RowCodec codec = new RowCodec(json);
        this.rows = options.ranges() == null ? new TableRows(codec) : new TableRows(codec, options.ranges(), options.folder());
        this.writer = new RowWriter(codec, settings.maxKeyBytes(), settings.maxValueBytes(), options.claims() == null);
        this.writes = new WriteExecutor(catalog, writer, rows);
        this.claims = options.claims() == null ? null : new UniqueClaims(options.claims(), writer, rows);
        this.schema = new SchemaExecutor(catalog, writer, rows);
        this.atomicBatches = options.atomicBatches();
        this.replicaExplain = options.replicaExplain();
        this.parser = new SqlParser(settings.maxNesting());
    }

    /** A standalone engine over {@code store}: one node, nothing pushed anywhere. */
    public static SqlEngine standalone(KvStore store, SqlSettings settings) {
        return new SqlEngine(store, new ObjectMapper(), Options.standalone(settings));
    }

    public Session openSession() {
        return new Session(this);
    }

    /** Runs a script (one or more statements) in a session of its own; a transaction left open is rolled back. */
    public List<SqlResult> executeScript(String sql, List<?> params, StatementControl control, long timeoutMillis) {
        try (Session session = openSession()) {
            List<SqlResult> results = session.execute(sql, params, control, timeoutMillis);
            if (session.inTransaction()) {
                session.rollback();
                throw SqlErrors.transaction("25P03", "the request ended inside a transaction block (BEGIN without COMMIT); "
                        + "its changes were rolled back");
            }
            return results;
        }
    }

    /** Runs one statement (or a script, returning its last result). The entry point for tests and benchmarks. */
    public SqlResult execute(String sql, List<?> params) {
        List<SqlResult> results = executeScript(sql, params, null, 0);
        return results.get(results.size() - 1);
    }

    public SqlResult execute(String sql) {
        return execute(sql, List.of());
    }

    /** Cancels every running statement (the node is stopping); new statements are refused from now on. */
    public void shutdown(String reason) {
        closed = true;
        for (StatementControl c : running) {
            c.cancel(reason);
        }
    }

    boolean isClosed() {
        return closed;
    }

    public Catalog catalog() {
        return catalog;
    }

    public SqlSettings settings() {
        return settings;
    }

    // ---- parsing, shared by sessions ---------------------------------------------------------------------

    List<SqlParser.Parsed> parse(String sql) {
        if (sql.length() > CACHED_TEXT) {
            return parser.parseAll(sql);
        }
        List<SqlParser.Parsed> cached = parsed.get(sql);
        if (cached == null) {
            cached = parser.parseAll(sql);
            parsed.put(sql, cached);
        }
        return cached;
    }

    /** A view's query, as stored. */
    Query parseQuery(String sql) {
        Statement s = parser.parseOne(sql);
        if (s instanceof Statement.QueryStatement q) {
            return q.query();
        }
        throw SqlErrors.error("the stored view text is not a query: " + sql);
    }

    /** A stored DEFAULT expression. */
    Expr parseExpression(String sql) {
        Query q = parseQuery("SELECT " + sql);
        return ((Query.Select) q.body()).items().get(0).expr();
    }

    /** What the binder sees: the catalog's tables and views, and the document collections. */
    TableLookup lookup() {
        return new TableLookup() {
            @Override
            public TableDef table(String schema, String name) {
                if (schema == null || schema.equals("public")) {
                    return catalog.table(name);
                }
                if (schema.equals("documents") && documents.isValidCollectionName(name)) {
                    return new TableDef(-1, "documents." + name,
                            List.of(new ColumnDef("id", SqlType.TEXT, true, 0, false), new ColumnDef("doc", SqlType.JSON, false, 0, false)),
                            List.of("id"), List.of(), true);
                }
                return null;
            }

            @Override
            public ViewDef view(String name) {
                return catalog.view(name);
            }

            @Override
            public long estimatedRows(TableDef table) {
                return table.documents() ? 1000 : catalog.estimatedRows(table);
            }
        };
    }
}
