package io.distdb.server.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.server.documents.DocumentStore;
import io.distdb.server.sql.catalog.Catalog;
import io.distdb.server.sql.codec.RowCodec;
import io.distdb.server.sql.exec.DdlExecutor;
import io.distdb.server.sql.exec.DmlExecutor;
import io.distdb.server.sql.exec.RowWriter;
import io.distdb.server.sql.exec.SelectPlan;
import io.distdb.server.sql.exec.TableReader;
import io.distdb.server.sql.expr.Params;
import io.distdb.server.replication.ShapedScans;
import io.distdb.server.sql.pushdown.RowPushdown;
import io.distdb.server.store.ClientLimits;
import io.distdb.storage.KvStore;
import io.distdb.storage.Snapshot;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.Update;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The SQL engine without any framework: parse, plan, execute one statement against the node's store.
 * SELECTs read a snapshot and take no lock; statements that write (DDL and DML) run one at a time under
 * a single write lock, so their read-check-write (duplicate keys, unique indexes, id counters) is atomic
 * with respect to each other, and each writes one atomic batch.
 */
public final class SqlDatabase {

    private final KvStore store;
    private final Catalog catalog;
    private final TableReader reader;
    private final DmlExecutor dml;
    private final DdlExecutor ddl;
    private final StatementParser parser = new StatementParser();
    private final RowPushdown pushdown;
    private final ReentrantLock writeLock = new ReentrantLock();

    public SqlDatabase(KvStore store, DocumentStore documents, ClientLimits limits, ObjectMapper json) {
        this(store, documents, limits, json, true);
    }

    /**
     * @param pushdown whether SELECTs over a replicated keyspace let the replicas filter, trim and fold rows
     */
    public SqlDatabase(KvStore store, DocumentStore documents, ClientLimits limits, ObjectMapper json, boolean pushdown) {
        this.store = store;
        this.catalog = new Catalog(store, json);
        RowCodec codec = new RowCodec(json);
        this.reader = new TableReader(codec, documents);
        RowWriter writer = new RowWriter(codec, limits);
        this.dml = new DmlExecutor(store, catalog, reader, writer);
        this.ddl = new DdlExecutor(store, catalog, codec);
        this.pushdown = pushdown ? new RowPushdown(json) : null;
    }

    /** Runs one statement without parameters. */
    public SqlResult execute(String sql) {
        return execute(sql, List.of());
    }

    /**
     * Runs one statement with its {@code ?} placeholders bound, by position, to {@code params} (JSON nodes or
     * plain Java values, see {@link Params#of}). This is also the entry point for benchmarks: a parameterized
     * statement's text repeats, so point SELECTs hit the parse cache and the in-memory catalog.
     */
    public SqlResult execute(String sql, List<?> params) {
        if (sql == null || sql.isBlank()) {
            throw SqlErrors.syntax("the statement is empty", 1, 1);
        }
        StatementParser.Parsed parsed = parser.parse(sql);
        int given = params == null ? 0 : params.size();
        if (given != parsed.parameterCount()) {
            throw SqlErrors.error("the statement takes " + parsed.parameterCount() + " parameter"
                    + (parsed.parameterCount() == 1 ? "" : "s") + " but " + given + (given == 1 ? " was" : " were") + " given");
        }
        Params bound = Params.of(params);
        Statement statement = parsed.statement();
        boolean explain = parsed.explain();
        if (statement instanceof ExplainStatement e) {
            statement = e.getStatement();
            explain = true;
        }
        if (explain) {
            return explain(sql, statement, bound);
        }
        if (statement instanceof Select select) {
            return select(sql, select, bound);
        }
        writeLock.lock();
        try {
            if (statement instanceof Insert insert) {
                return dml.insert(insert, bound);
            }
            if (statement instanceof Update update) {
                return dml.update(update, bound);
            }
            if (statement instanceof Delete delete) {
                return dml.delete(delete, bound);
            }
            if (bound.size() > 0) {
                throw SqlErrors.error("parameters are only allowed in SELECT, INSERT, UPDATE and DELETE");
            }
            if (statement instanceof CreateTable create) {
                return ddl.createTable(create);
            }
            if (statement instanceof CreateIndex create) {
                return ddl.createIndex(create);
            }
            if (statement instanceof Drop drop) {
                return ddl.drop(drop);
            }
        } finally {
            writeLock.unlock();
        }
        throw SqlErrors.unsupported("the statement " + firstWord(statement));
    }

    private SqlResult select(String sql, Select select, Params params) {
        SelectPlan plan = SelectPlan.plan(plain(select), catalog, params);
        try (Snapshot snapshot = store.snapshot()) {
            return plan.execute(snapshot, reader, pushdown == null ? null : pushdown.forStatement(sql));
        }
    }

    private SqlResult explain(String sql, Statement statement, Params params) {
        List<String> lines;
        if (statement instanceof Select select) {
            SelectPlan plan = SelectPlan.plan(plain(select), catalog, params);
            try (Snapshot snapshot = store.snapshot()) {
                lines = plan.explain(pushdown != null && snapshot instanceof ShapedScans ? pushdown.forStatement(sql) : null);
            }
        } else if (statement instanceof Update update) {
            lines = dml.explain(update, params);
        } else if (statement instanceof Delete delete) {
            lines = dml.explain(delete, params);
        } else {
            throw SqlErrors.unsupported("EXPLAIN of " + firstWord(statement) + " (only SELECT, UPDATE and DELETE)");
        }
        return SqlResult.lines("plan", lines);
    }

    private static PlainSelect plain(Select select) {
        if (select instanceof PlainSelect plain) {
            return plain;
        }
        throw SqlErrors.unsupported("UNION, INTERSECT, EXCEPT, VALUES and parenthesized SELECTs");
    }

    private static String firstWord(Statement statement) {
        String text = statement.toString().trim();
        int space = text.indexOf(' ');
        return space < 0 ? text : text.substring(0, space);
    }
}
