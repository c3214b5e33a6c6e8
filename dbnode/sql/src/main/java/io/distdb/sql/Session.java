package io.distdb.sql;

import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.errors.SqlException;
import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.sql.ast.Statement;
import io.distdb.sql.bind.Binder;
import io.distdb.sql.bind.WriteBinder;
import io.distdb.sql.copy.CopyIn;
import io.distdb.sql.copy.CopyOut;
import io.distdb.sql.exec.Executor;
import io.distdb.sql.exec.Explain;
import io.distdb.sql.exec.OverlayView;
import io.distdb.sql.exec.SchemaExecutor;
import io.distdb.sql.exec.UniqueClaims;
import io.distdb.sql.exec.WriteExecutor;
import io.distdb.sql.optimize.Optimizer;
import io.distdb.sql.parser.SqlParser;
import io.distdb.sql.parser.SqlPrinter;
import io.distdb.sql.plan.LogicalPlan;
import io.distdb.sql.runtime.QueryContext;
import io.distdb.sql.runtime.StatementControl;
import io.distdb.sql.types.SqlType;
import io.distdb.storage.ReadView;
import io.distdb.storage.Snapshot;
import io.distdb.storage.WriteBatch;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One client's conversation with the engine: statements run in order, in autocommit or inside a
 * transaction ({@code BEGIN} ... {@code COMMIT}). Not thread-safe: a front end runs one statement of a
 * session at a time.
 *
 * <p>What is atomic (see {@code docs/sql.md}): every statement on its own, always (all its rows are checked
 * before one batch is written). A transaction on a single node: its writes become visible together at
 * COMMIT, or not at all. A transaction that writes on a cluster is refused with 0A000, because its
 * writes would land on several replica sets without an atomic commit. On a cluster (an engine with key
 * claims) writes take no write permit: uniqueness is decided by claims (see {@code UniqueClaims}).
 *
 * <p>Implicit transactions: a front end that runs several statements as one request (a query string of
 * several statements, an extended-protocol pipeline up to Sync, a JDBC batch) brackets them with
 * {@link #beginImplicit()} and {@link #endImplicit()}, as PostgreSQL runs them in one implicit transaction.
 * On a single node their writes are held, as a transaction's, from the first write to the end, and an error
 * discards them all. DDL and COPY inside the bracket first commit what the statements before them wrote
 * (DDL never runs inside a transaction here). On a cluster, where a transaction that writes is refused, each
 * statement commits on its own.
 */
public final class Session implements AutoCloseable {

    private final SqlEngine engine;
    private final Optimizer optimizer = new Optimizer();
    private final Map<String, String> settings = new HashMap<>();
    private OverlayView transaction;
    private boolean transactionFailed;
    /** A front end runs several statements as one request: writes start an implicit transaction. */
    private boolean implicitBracket;
    /** {@link #transaction} is the implicit one, opened by a write inside the bracket. */
    private boolean implicitTransaction;
    private boolean holdsWritePermit;
    private final Map<io.distdb.sql.catalog.TableDef, Long> pendingCounts = new HashMap<>();
    /** Ends the COPY in progress, if any, when the session closes first (its client went away). */
    private Runnable openCopy;

    Session(SqlEngine engine) {
        this.engine = engine;
    }

    /** Whether a transaction block ({@code BEGIN}) is open; an implicit transaction is not one. */
    public boolean inTransaction() {
        return transaction != null && !implicitTransaction;
    }

    /** Whether the open transaction failed: statements are refused (25P02) until it ends. */
    public boolean transactionFailed() {
        return transaction != null && transactionFailed;
    }

    /**
     * The statements that follow, up to {@link #endImplicit()}, are one request: on a single node, they commit
     * together or not at all. Inside a transaction block, the block already does that.
     */
    public void beginImplicit() {
        implicitBracket = true;
    }

    /** Whether statements run inside the bracket of {@link #beginImplicit()}. */
    public boolean inImplicit() {
        return implicitBracket;
    }

    /**
     * Ends the bracket of {@link #beginImplicit()}: what its statements wrote is committed, unless one of them
     * failed (their writes were discarded then). A failed commit is thrown as the statement error it is.
     */
    public void endImplicit() {
        implicitBracket = false;
        commitImplicit();
    }

    /** Commits the implicit transaction, if one is open. */
    private void commitImplicit() {
        if (implicitTransaction) {
            commit();
        }
    }

    /** An implicit transaction opens at the first write inside the bracket, where transactions can write. */
    private void openImplicitForWrite() {
        if (implicitBracket && transaction == null && engine.atomicBatches && engine.claims == null) {
            transaction = new OverlayView(engine.store);
            transactionFailed = false;
            implicitTransaction = true;
        }
    }

    /** What a statement takes and returns, known before it runs: a front end's answer to "describe". */
    public record Description(List<SqlType> parameterTypes, List<SqlResult.Column> columns) {
    }

    /**
     * Binds {@code statement} without running it: the type of each of its {@code parameterCount} parameters
     * ({@link SqlType#UNKNOWN} where nothing says) and the columns it returns (none for a statement without
     * rows). {@code text} (may be null) keys the plan cache, as {@link #execute(Statement, String, Object[],
     * StatementControl, long)} does.
     */
    public Description describe(Statement statement, String text, int parameterCount) {
        Statement target = statement instanceof Statement.Explain e ? null : statement;
        io.distdb.sql.bind.ExpressionBinder expressions = null;
        List<SqlResult.Column> columns = List.of();
        long catalogVersion = engine.catalog.version();
        try {
            if (target instanceof Statement.QueryStatement q) {
                Binder binder = new Binder(engine.lookup(), engine::parseQuery);
                columns = binder.bind(q.query()).columns();
                expressions = binder.expressions();
            } else if (target instanceof Statement.Insert i) {
                WriteBinder w = writeBinder();
                columns = w.insert(i).returning().columns();
                expressions = w.expressions();
            } else if (target instanceof Statement.Update u) {
                WriteBinder w = writeBinder();
                columns = w.update(u).returning().columns();
                expressions = w.expressions();
            } else if (target instanceof Statement.Delete d) {
                WriteBinder w = writeBinder();
                columns = w.delete(d).returning().columns();
                expressions = w.expressions();
            } else if (statement instanceof Statement.Explain) {
                columns = List.of(new SqlResult.Column("plan", SqlType.TEXT));
            } else if (statement instanceof Statement.Show s) {
                columns = List.of(new SqlResult.Column(s.name(), SqlType.TEXT));
            }
        } catch (SqlException e) {
            if (!isUnknownName(e) || !engine.catalog.syncSince(catalogVersion)) {
                throw e;
            }
            return describe(statement, text, parameterCount);
        }
        List<SqlType> params = new ArrayList<>();
        java.util.Map<Integer, SqlType> known = expressions == null ? Map.of() : expressions.parameterTypes();
        for (int i = 1; i <= parameterCount; i++) {
            params.add(known.getOrDefault(i, SqlType.UNKNOWN));
        }
        return new Description(params, columns);
    }

    /** Runs every statement of {@code sql}; parameters are allowed when it holds one statement. */
    public List<SqlResult> execute(String sql, List<?> params, StatementControl control, long timeoutMillis) {
        if (sql == null || sql.isBlank()) {
            throw SqlErrors.syntax("the statement is empty", new SqlException.Position(1, 1, 0));
        }
        List<SqlParser.Parsed> statements = parse(sql);
        Object[] values = params(params);
        if (statements.size() > 1 && values.length > 0) {
            throw new SqlException("42601", SqlErrors.SYNTAX, "cannot insert multiple commands into a prepared statement");
        }
        List<SqlResult> results = new ArrayList<>();
        boolean bracket = statements.size() > 1 && !implicitBracket;
        if (bracket) {
            beginImplicit(); // the statements of one request commit together, as a query string does through pgwire
        }
        try {
            runEach(statements, sql, values, control, timeoutMillis, results);
        } catch (RuntimeException e) {
            if (bracket) {
                implicitBracket = false;
                if (implicitTransaction) {
                    rollback();
                }
            }
            throw e;
        }
        if (bracket) {
            endImplicit();
        }
        return results;
    }

    private void runEach(List<SqlParser.Parsed> statements, String sql, Object[] values, StatementControl control, long timeoutMillis,
                         List<SqlResult> results) {
        for (SqlParser.Parsed p : statements) {
            if (p.parameterCount() > 0 && !(p.statement() instanceof Statement.QueryStatement || p.statement() instanceof Statement.Insert
                    || p.statement() instanceof Statement.Update || p.statement() instanceof Statement.Delete
                    || p.statement() instanceof Statement.Explain)) {
                throw new SqlException("42P02", SqlErrors.GENERAL, "there is no parameter $1 (parameters stand for values in "
                        + "queries, INSERT, UPDATE and DELETE)");
            }
            if (p.parameterCount() != values.length) {
                throw new SqlException("08P01", SqlErrors.GENERAL, "the statement takes " + p.parameterCount() + " parameter"
                        + (p.parameterCount() == 1 ? "" : "s") + " but " + values.length + (values.length == 1 ? " was" : " were") + " given");
            }
            results.add(execute(p.statement(), statements.size() == 1 ? sql : null, values, control, timeoutMillis));
        }
    }

    /**
     * Parses every statement of {@code sql} (cached by text), for a front end that runs them one at a time or
     * keeps them as prepared statements.
     */
    public List<SqlParser.Parsed> parse(String sql) {
        try {
            return engine.parse(sql);
        } catch (StackOverflowError e) {
            throw SqlErrors.tooComplex("the statement nests too deeply", null);
        }
    }

    /** Runs one parsed statement; {@code text} (may be null) keys the plan cache. */
    public SqlResult execute(Statement statement, String text, Object[] params, StatementControl control, long timeoutMillis) {
        if (engine.isClosed()) {
            throw SqlErrors.cancelled("terminating statement: the node is shutting down");
        }
        if (transactionFailed && !(statement instanceof Statement.Transaction)) {
            throw SqlErrors.transaction("25P02", "current transaction is aborted, commands ignored until end of transaction block");
        }
        StatementControl ctl = control == null ? StatementControl.none() : control;
        long timeout = timeoutMillis > 0 ? timeoutMillis : sessionTimeoutMillis();
        QueryContext ctx = new QueryContext(params, engine.settings.memoryBudgetBytes(), timeout, ctl);
        engine.running.add(ctl);
        try {
            long catalogVersion = engine.catalog.version();
            try {
                return run(statement, text, ctx);
            } catch (SqlException e) {
                // A name this node does not know may have been created through another node a moment ago: catch
                // up with the catalog and try once more (nothing was written: names are resolved before writes).
                if (!isUnknownName(e) || transaction != null || !engine.catalog.syncSince(catalogVersion)) {
                    throw e;
                }
                return run(statement, text, ctx);
            }
        } catch (SqlException e) {
            failTransaction();
            throw e;
        } catch (StackOverflowError e) {
            failTransaction();
            throw SqlErrors.tooComplex("the statement is too complex to run (nested too deeply)", null);
        } catch (RuntimeException e) {
            failTransaction();
            throw e;
        } finally {
            engine.running.remove(ctl);
        }
    }

    private static boolean isUnknownName(SqlException e) {
        return e.sqlState().equals("42P01") || e.sqlState().equals("42703") || e.sqlState().equals("42704");
    }

    private void failTransaction() {
        if (implicitTransaction) {
            rollback(); // an error discards every write of the request; nothing is left to refuse with 25P02
        } else if (transaction != null) {
            transactionFailed = true;
        }
    }

    /**
     * A front end reports an error outside {@link #execute} (a statement that did not parse, bind or describe):
     * an open transaction fails, as it does for an error inside a statement, and refuses statements until it ends.
     */
    public void statementFailed() {
        failTransaction();
    }

    private SqlResult run(Statement statement, String text, QueryContext ctx) {
        if (statement instanceof Statement.QueryStatement q) {
            return query(q, text, ctx);
        }
        if (statement instanceof Statement.Explain e) {
            return explain(e.statement(), ctx);
        }
        if (statement instanceof Statement.Insert i) {
            return write(ctx, view -> engine.writes.insert(writeBinder().insert(i), view, executor(view, ctx), ctx),
                    "INSERT 0 ", i.onConflict() != null);
        }
        if (statement instanceof Statement.Update u) {
            return write(ctx, view -> {
                WriteBinder.BoundChange c = writeBinder().update(u);
                c = new WriteBinder.BoundChange(c.table(), optimizer.optimize(c.rows()), c.set(), c.returning());
                return engine.writes.update(c, view, executor(view, ctx), ctx);
            }, "UPDATE ", false);
        }
        if (statement instanceof Statement.Delete d) {
            return write(ctx, view -> {
                WriteBinder.BoundChange c = writeBinder().delete(d);
                c = new WriteBinder.BoundChange(c.table(), optimizer.optimize(c.rows()), c.set(), c.returning());
                return engine.writes.delete(c, view, executor(view, ctx), ctx);
            }, "DELETE ", false);
        }
        if (statement instanceof Statement.CreateTable c) {
            return c.asQuery() != null ? createTableAs(c, ctx)
                    : ddl(view -> engine.schema.createTable(c, SqlPrinter::print, e -> writeBinder().defaultExpression(e).type()));
        }
        if (statement instanceof Statement.DropTable d) {
            return ddl(view -> engine.schema.dropTable(d, view));
        }
        if (statement instanceof Statement.CreateIndex c) {
            return ddl(view -> engine.schema.createIndex(c, view, engine.atomicBatches ? null : engine.store::write));
        }
        if (statement instanceof Statement.DropIndex d) {
            return ddl(view -> engine.schema.dropIndex(d, view));
        }
        if (statement instanceof Statement.CreateView v) {
            Binder.BoundQuery checked = new Binder(engine.lookup(), engine::parseQuery).bind(v.query()); // checks the query now
            if (v.columns().size() > checked.columns().size()) {
                throw SqlErrors.syntax("CREATE VIEW specifies more column names than columns", null);
            }
            return ddl(view -> engine.schema.createView(v));
        }
        if (statement instanceof Statement.DropView d) {
            return ddl(view -> engine.schema.dropView(d));
        }
        if (statement instanceof Statement.AlterTable a) {
            return ddl(view -> engine.schema.alterTable(a, view, SqlPrinter::print,
                    e -> writeBinder().defaultExpression(e).type(),
                    sql -> writeBinder().defaultExpression(engine.parseExpression(sql)).eval(ctx, null)));
        }
        if (statement instanceof Statement.Truncate t) {
            return ddl(view -> engine.schema.truncate(t, view));
        }
        if (statement instanceof Statement.Transaction t) {
            return transaction(t);
        }
        if (statement instanceof Statement.Set s) {
            if (s.name().equalsIgnoreCase(STATEMENT_TIMEOUT)) {
                millis(s.value()); // refuses a value that is not a duration now, not at the next statement
            }
            settings.put(s.name().toLowerCase(Locale.ROOT), s.value());
            return SqlResult.count("SET", 0);
        }
        if (statement instanceof Statement.Show s) {
            return show(s.name());
        }
        if (statement instanceof Statement.Copy) {
            throw new SqlException("0A000", SqlErrors.UNSUPPORTED, "COPY FROM STDIN and COPY TO STDOUT need the PostgreSQL "
                    + "wire protocol, which streams the data; this front end cannot (use INSERT, or SELECT for export)");
        }
        throw new IllegalStateException("unexpected " + statement);
    }

    // ---- queries --------------------------------------------------------------------------------------------

    private SqlResult query(Statement.QueryStatement q, String text, QueryContext ctx) {
        SqlEngine.CachedPlan plan = plan(q, text);
        if (transaction != null) {
            transaction.rebase(engine.store);
            return SqlResult.rows(plan.columns(), executor(transaction, ctx).collect(plan.plan()));
        }
        try (Snapshot snapshot = engine.store.snapshot()) {
            return SqlResult.rows(plan.columns(), executor(snapshot, ctx).collect(plan.plan()));
        }
    }

    /**
     * Opens {@code statement}, a query, as a cursor whose rows are read as the caller asks
     * ({@link QueryCursor#fetch}): the same plan as {@link #execute}, over a snapshot taken now (inside a
     * transaction, with the transaction's writes so far). Names are bound now (42P01, 42703 ...). The cursor
     * holds its snapshot until it is closed; close it at the latest when the transaction ends.
     */
    public QueryCursor openQuery(Statement.QueryStatement statement, String text, Object[] params, StatementControl control,
                                 long timeoutMillis) {
        if (engine.isClosed()) {
            throw SqlErrors.cancelled("terminating statement: the node is shutting down");
        }
        if (transactionFailed) {
            throw SqlErrors.transaction("25P02", "current transaction is aborted, commands ignored until end of transaction block");
        }
        StatementControl ctl = control == null ? new StatementControl() : control;
        long timeout = timeoutMillis > 0 ? timeoutMillis : sessionTimeoutMillis();
        QueryContext ctx = new QueryContext(params, engine.settings.memoryBudgetBytes(), timeout, ctl);
        Snapshot snapshot = null;
        // Running from now until the cursor ends: opening may already do most of the work (an aggregate, a
        // sort), and a shutdown cancels an open cursor as it cancels a statement.
        engine.running.add(ctl);
        try {
            SqlEngine.CachedPlan plan = bindCatchingUp(() -> plan(statement, text));
            snapshot = engine.store.snapshot();
            ReadView view = transaction != null ? transaction.frozenOver(snapshot) : snapshot;
            io.distdb.sql.exec.RowCursor rows = executor(view, ctx).open(plan.plan());
            Snapshot held = snapshot;
            return new QueryCursor(plan.columns(), rows, ctx, ctl, failure -> {
                held.close();
                engine.running.remove(ctl);
                if (failure != null) {
                    failTransaction();
                }
            });
        } catch (RuntimeException | StackOverflowError e) {
            if (snapshot != null) {
                snapshot.close();
            }
            engine.running.remove(ctl);
            failTransaction();
            if (e instanceof StackOverflowError) {
                throw SqlErrors.tooComplex("the statement is too complex to run (nested too deeply)", null);
            }
            throw (RuntimeException) e;
        }
    }

    private SqlEngine.CachedPlan plan(Statement.QueryStatement q, String text) {
        long version = engine.catalog.version();
        if (text != null) {
            SqlEngine.CachedPlan cached = engine.plans.get(text);
            if (cached != null && cached.catalogVersion() == version) {
                return cached;
            }
        }
        Binder.BoundQuery bound = new Binder(engine.lookup(), engine::parseQuery).bind(q.query());
        SqlEngine.CachedPlan plan = new SqlEngine.CachedPlan(version, optimizer.optimizeQuery(bound.plan()), bound.columns());
        if (text != null) {
            engine.plans.put(text, plan);
        }
        return plan;
    }

    private SqlResult explain(Statement statement, QueryContext ctx) {
        LogicalPlan plan;
        if (statement instanceof Statement.QueryStatement q) {
            plan = plan(q, null).plan();
        } else if (statement instanceof Statement.Update u) {
            plan = optimizer.optimize(writeBinder().update(u).rows());
        } else if (statement instanceof Statement.Delete d) {
            plan = optimizer.optimize(writeBinder().delete(d).rows());
        } else if (statement instanceof Statement.Insert i) {
            plan = optimizer.optimize(writeBinder().insert(i).source());
        } else {
            throw SqlErrors.unsupported("EXPLAIN of this statement (only queries, INSERT, UPDATE and DELETE)");
        }
        List<String> lines = new Explain(engine.replicaExplain).lines(plan);
        if (statement instanceof Statement.Update u) {
            lines.add(0, "UPDATE " + u.table().name());
            lines.replaceAll(l -> l.startsWith("UPDATE") ? l : "  " + l);
        } else if (statement instanceof Statement.Delete d) {
            lines.add(0, "DELETE FROM " + d.table().name());
            lines.replaceAll(l -> l.startsWith("DELETE") ? l : "  " + l);
        } else if (statement instanceof Statement.Insert i) {
            lines.add(0, "INSERT INTO " + i.table());
            lines.replaceAll(l -> l.startsWith("INSERT") ? l : "  " + l);
        }
        List<Object[]> rows = new ArrayList<>();
        for (String l : lines) {
            rows.add(new Object[] {l});
        }
        return SqlResult.rows(List.of(new SqlResult.Column("plan", SqlType.TEXT)), rows);
    }

    private Executor executor(ReadView view, QueryContext ctx) {
        return new Executor(view, engine.rows, engine.documents, ctx);
    }

    private WriteBinder writeBinder() {
        Binder binder = new Binder(engine.lookup(), engine::parseQuery);
        return new WriteBinder(binder, engine.lookup(), engine::parseExpression);
    }

    // ---- writes ---------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface WriteStep {
        WriteExecutor.Outcome run(ReadView view);
    }

    /** How many times a statement with ON CONFLICT runs when it keeps losing key claims to other writers. */
    private static final int CONFLICT_RUNS = 5;

    private SqlResult write(QueryContext ctx, WriteStep step, String tagPrefix, boolean onConflict) {
        if (openCopy == null) {
            openImplicitForWrite();
        }
        if (transaction != null && (!engine.atomicBatches || engine.claims != null)) {
            throw SqlErrors.transaction("0A000", "a transaction that writes is not supported on a cluster yet: its writes "
                    + "could not be applied atomically across replica sets (run the statements without BEGIN; see docs/sql.md)");
        }
        if (engine.claims != null) {
            return claimedWrite(step, tagPrefix, onConflict);
        }
        acquireWritePermit(ctx);
        try {
            ReadView view = transaction != null ? rebased() : engine.store;
            WriteExecutor.Outcome outcome = step.run(view);
            if (transaction != null) {
                transaction.apply(outcome.batch());
                ctx.reserve(transaction.bytes());
                pendingCounts.merge(outcome.table(), outcome.rowDelta(), Long::sum);
            } else {
                engine.store.write(outcome.batch());
                engine.catalog.countRows(outcome.table(), outcome.rowDelta());
            }
            return result(outcome, tagPrefix);
        } finally {
            if (transaction == null) {
                releaseWritePermit();
            }
        }
    }

    /**
     * A write on a cluster: no write permit (every node writes at once); primary keys and unique values are
     * claimed by compare-and-set before the batch is written, and given back if the statement fails. A
     * statement with ON CONFLICT that loses a claim runs again: its read now sees the row it lost to and
     * takes the conflict path.
     */
    private SqlResult claimedWrite(WriteStep step, String tagPrefix, boolean onConflict) {
        for (int run = 1; ; run++) {
            WriteExecutor.Outcome outcome;
            UniqueClaims.Held held;
            try {
                outcome = step.run(engine.store);
                held = engine.claims.claim(outcome.table(), outcome.changes(), engine.store);
            } catch (SqlException e) {
                // Without the permit, the row an ON CONFLICT statement collides with may appear between its
                // own read and its checks or claims: running it again reads it and takes the conflict path.
                if (onConflict && run < CONFLICT_RUNS && e.sqlState().equals("23505")) {
                    continue;
                }
                throw e;
            }
            try {
                WriteBatch rest = held.remaining(outcome.batch());
                if (!rest.isEmpty()) {
                    engine.store.write(rest);
                }
            } catch (RuntimeException e) {
                held.undo(e);
                throw e;
            }
            held.releaseGivenUp();
            engine.catalog.countRows(outcome.table(), outcome.rowDelta());
            return result(outcome, tagPrefix);
        }
    }

    private static SqlResult result(WriteExecutor.Outcome outcome, String tagPrefix) {
        String tag = tagPrefix + outcome.count();
        return outcome.returned() == null ? SqlResult.count(tag, outcome.count())
                : new SqlResult(outcome.returningColumns(), outcome.returned(), outcome.count(), tag);
    }

    private ReadView rebased() {
        transaction.rebase(engine.store);
        return transaction;
    }

    /** How often a DDL statement is computed again after another node changed the catalog first. */
    private static final int DDL_ATTEMPTS = 10;

    /**
     * Runs a DDL step: its data before the catalog edit, the edit (only if the catalog is still at the version
     * the step read, else the step runs again on the new catalog), then its data after the edit.
     */
    private SqlResult ddl(java.util.function.Function<ReadView, SchemaExecutor.Change> step) {
        commitImplicit(); // DDL does not run inside a transaction: the writes before it in the request commit first
        if (transaction != null) {
            throw SqlErrors.transaction("0A000", "DDL inside a transaction block is not supported; run it outside BEGIN ... COMMIT");
        }
        acquireWritePermit();
        try {
            for (int attempt = 1; ; attempt++) {
                SchemaExecutor.Change change = step.apply(engine.store);
                if (change.before().size() > 0) {
                    engine.store.write(change.before());
                }
                if (!engine.catalog.commit(change.edit())) {
                    if (attempt == DDL_ATTEMPTS) {
                        throw new SqlException("40001", SqlErrors.GENERAL, "the catalog was changed by other statements "
                                + DDL_ATTEMPTS + " times while this one ran; run it again");
                    }
                    engine.catalog.sync();
                    continue;
                }
                if (change.after().size() > 0) {
                    engine.store.write(change.after());
                }
                change.afterCommit().run();
                engine.plans.clear();
                return SqlResult.count(change.tag(), change.rowsAffected());
            }
        } finally {
            releaseWritePermit();
        }
    }

    private SqlResult createTableAs(Statement.CreateTable c, QueryContext ctx) {
        Binder.BoundQuery q = new Binder(engine.lookup(), engine::parseQuery).bind(c.asQuery());
        List<Statement.ColumnSpec> specs = new ArrayList<>();
        for (int i = 0; i < q.columns().size(); i++) {
            SqlResult.Column col = q.columns().get(i);
            String name = i < c.columns().size() ? c.columns().get(i).name() : col.name();
            specs.add(new Statement.ColumnSpec(name, new io.distdb.sql.ast.TypeName(typeName(col.type()), List.of(), 0), false, false,
                    false, null));
        }
        Statement.CreateTable create = new Statement.CreateTable(c.name(), c.ifNotExists(), specs, List.of(), List.of(), null, c.pos());
        if (c.ifNotExists() && engine.catalog.table(c.name()) != null) {
            return SqlResult.count("CREATE TABLE AS", 0);
        }
        ddl(view -> engine.schema.createTable(create, SqlPrinter::print, e -> SqlType.UNKNOWN));
        io.distdb.sql.ast.Query source = c.asQuery();
        SqlResult inserted = run(new Statement.Insert(c.name(), List.of(), source, null, List.of(), c.pos()), null, ctx);
        return SqlResult.count("SELECT " + inserted.rowsAffected(), inserted.rowsAffected());
    }

    private static String typeName(SqlType t) {
        return switch (t) {
            case UNKNOWN -> "text";
            case TIMESTAMP -> "timestamptz";
            case DOUBLE -> "double precision";
            case JSON -> "jsonb";
            default -> t.sqlName();
        };
    }

    // ---- COPY -------------------------------------------------------------------------------------------------

    /**
     * Starts {@code COPY ... FROM STDIN}: checks the table and the columns now (42P01, 42703, 42701), so a front
     * end reports them before it asks for data. The rows are written by {@link CopyIn#finish()}, as one INSERT
     * of them all, through the same path (the write permit on one node, key claims on a cluster; inside a
     * transaction block on one node, into the transaction). The session runs nothing else until the copy is
     * over; closing the session aborts it. The statement timeout is the engine's.
     */
    public CopyIn copyIn(Statement.Copy copy, StatementControl control) {
        return copyIn(copy, control, 0);
    }

    /** {@link #copyIn(Statement.Copy, StatementControl)} with a timeout of its own (0: the engine's). */
    public CopyIn copyIn(Statement.Copy copy, StatementControl control, long timeoutMillis) {
        if (!copy.from()) {
            throw new IllegalArgumentException("COPY ... TO STDOUT runs with copyOut");
        }
        StatementControl ctl = control == null ? StatementControl.none() : control;
        QueryContext ctx = startCopy(ctl, timeoutMillis);
        try {
            // A COPY holds its rows until CopyDone and writes them as one statement of its own: what a request wrote
            // before it commits first, and the COPY runs outside the implicit transaction (see write).
            commitImplicit();
            if (transaction != null && (!engine.atomicBatches || engine.claims != null)) {
                throw SqlErrors.transaction("0A000", "a transaction that writes is not supported on a cluster yet: its writes "
                        + "could not be applied atomically across replica sets (run COPY without BEGIN; see docs/sql.md)");
            }
            WriteBinder.BoundInsert target = bindCatchingUp(() -> writeBinder().insertTarget(copy.table(), copy.columns()));
            long maxLine = 4L * engine.settings.maxValueBytes() + (1 << 20);
            CopyIn in = new CopyIn(copy.table(), target.table(), target.targetColumns(), target.defaults(), copy.options(), ctx, maxLine,
                    new CopyIn.Target() {
                        @Override
                        public long write(List<Object[]> rows) {
                            SqlResult r = Session.this.write(ctx, view -> {
                                io.distdb.sql.catalog.TableDef table = unchanged(target.table());
                                WriteExecutor.Outcome o = engine.writes.insertRows(table, rows, view, ctx);
                                ctx.reserve(o.batch().approximateBytes());
                                return o;
                            }, "COPY ", false);
                            return r.rowsAffected();
                        }

                        @Override
                        public void ended(RuntimeException failure) {
                            endCopy(ctl, failure);
                        }
                    });
            openCopy = in::abort;
            return in;
        } catch (RuntimeException e) {
            endCopy(ctl, e);
            throw e;
        }
    }

    /**
     * Runs {@code COPY ... TO STDOUT}: the query's rows, or the table's (its visible columns in order, or those
     * listed), read from one snapshot (inside a transaction block: what the transaction sees) as the lines are
     * pulled. Names are checked now (42P01, 42703; a view is refused with 42809, as PostgreSQL does). Close it
     * when done (closing the session does).
     */
    public CopyOut copyOut(Statement.Copy copy, StatementControl control, long timeoutMillis) {
        if (copy.from()) {
            throw new IllegalArgumentException("COPY ... FROM STDIN runs with copyIn");
        }
        StatementControl ctl = control == null ? StatementControl.none() : control;
        QueryContext ctx = startCopy(ctl, timeoutMillis);
        Snapshot snapshot = null;
        try {
            Binder.BoundQuery bound = bindCatchingUp(() -> new Binder(engine.lookup(), engine::parseQuery).bind(copyQuery(copy)));
            LogicalPlan plan = optimizer.optimizeQuery(bound.plan());
            ReadView view;
            if (transaction != null) {
                view = rebased();
            } else {
                snapshot = engine.store.snapshot();
                view = snapshot;
            }
            io.distdb.sql.exec.RowCursor rows = executor(view, ctx).open(plan);
            Snapshot held = snapshot;
            CopyOut out = new CopyOut(bound.columns(), copy.options(), rows, ctx, failure -> {
                if (held != null) {
                    held.close();
                }
                endCopy(ctl, failure);
            });
            openCopy = out::close;
            return out;
        } catch (RuntimeException e) {
            if (snapshot != null) {
                snapshot.close();
            }
            endCopy(ctl, e);
            throw e;
        }
    }

    private QueryContext startCopy(StatementControl ctl, long timeoutMillis) {
        if (engine.isClosed()) {
            throw SqlErrors.cancelled("terminating statement: the node is shutting down");
        }
        if (transactionFailed) {
            throw SqlErrors.transaction("25P02", "current transaction is aborted, commands ignored until end of transaction block");
        }
        long timeout = timeoutMillis > 0 ? timeoutMillis : engine.settings.statementTimeoutMillis();
        QueryContext ctx = new QueryContext(new Object[0], engine.settings.memoryBudgetBytes(), timeout, ctl);
        engine.running.add(ctl);
        return ctx;
    }

    private void endCopy(StatementControl ctl, RuntimeException failure) {
        openCopy = null;
        engine.running.remove(ctl);
        if (failure != null) {
            failTransaction();
        }
    }

    /** Binds a COPY's or a cursor's names; a name this node does not know yet may be known after catching up with the catalog. */
    private <T> T bindCatchingUp(java.util.function.Supplier<T> bind) {
        long catalogVersion = engine.catalog.version();
        try {
            return bind.get();
        } catch (SqlException e) {
            if (!isUnknownName(e) || transaction != null || !engine.catalog.syncSince(catalogVersion)) {
                throw e;
            }
            return bind.get();
        }
    }

    /** The table COPY FROM bound at its start, as the catalog has it now: the rows were read for its columns. */
    private io.distdb.sql.catalog.TableDef unchanged(io.distdb.sql.catalog.TableDef bound) {
        io.distdb.sql.catalog.TableDef now = engine.catalog.table(bound.name());
        if (now == null) {
            throw SqlErrors.unknownTable(bound.name());
        }
        if (now.id() != bound.id() || !now.columns().equals(bound.columns()) || !now.primaryKey().equals(bound.primaryKey())) {
            throw SqlErrors.serializationFailure("table \"" + bound.name() + "\" was altered while COPY read its data; "
                    + "nothing was written: run the COPY again");
        }
        return now;
    }

    /** The query of {@code COPY ... TO}: as written, or {@code SELECT cols FROM table}. */
    private io.distdb.sql.ast.Query copyQuery(Statement.Copy copy) {
        if (copy.query() != null) {
            return copy.query();
        }
        int pos = copy.pos();
        String[] parts = copy.table().split("\\.", 2);
        String schema = parts.length > 1 ? parts[0] : null;
        String name = parts[parts.length - 1];
        if (engine.lookup().table(schema, name) == null && (schema == null || schema.equals("public"))
                && engine.catalog.view(name) != null) {
            throw new SqlException("42809", SqlErrors.GENERAL, "cannot copy from view \"" + name
                    + "\": try the COPY (SELECT ...) TO variant");
        }
        List<io.distdb.sql.ast.Query.SelectItem> items = new ArrayList<>();
        if (copy.columns().isEmpty()) {
            items.add(new io.distdb.sql.ast.Query.SelectItem(new io.distdb.sql.ast.Expr.Star(null, pos), null));
        } else {
            for (String c : copy.columns()) {
                items.add(new io.distdb.sql.ast.Query.SelectItem(new io.distdb.sql.ast.Expr.ColumnRef(List.of(c), pos), c));
            }
        }
        io.distdb.sql.ast.FromItem from = new io.distdb.sql.ast.FromItem.Table(schema, name, null, List.of(), pos);
        return new io.distdb.sql.ast.Query(List.of(), new io.distdb.sql.ast.Query.Select(false, items, List.of(from), null,
                List.of(), null, pos), List.of(), null, null, pos);
    }

    // ---- transactions -----------------------------------------------------------------------------------------

    private SqlResult transaction(Statement.Transaction t) {
        return switch (t.kind()) {
            case BEGIN -> {
                implicitTransaction = false; // BEGIN inside a request makes its implicit transaction a block, as in PostgreSQL
                if (transaction == null) {
                    transaction = new OverlayView(engine.store);
                    transactionFailed = false;
                }
                yield SqlResult.count("BEGIN", 0);
            }
            case COMMIT -> {
                if (transaction == null) {
                    yield SqlResult.count("COMMIT", 0);
                }
                if (transactionFailed) {
                    rollback();
                    yield SqlResult.count("ROLLBACK", 0);
                }
                commit();
                yield SqlResult.count("COMMIT", 0);
            }
            case ROLLBACK -> {
                rollback();
                yield SqlResult.count("ROLLBACK", 0);
            }
        };
    }

    /** Writes the open transaction's writes as one batch, and ends it. */
    private void commit() {
        try {
            WriteBatch batch = transaction.drain();
            if (batch.size() > 0) {
                engine.store.write(batch);
            }
            pendingCounts.forEach(engine.catalog::countRows);
        } finally {
            end();
        }
    }

    /** Discards the open transaction's writes, if any. */
    public void rollback() {
        end();
    }

    private void end() {
        transaction = null;
        transactionFailed = false;
        implicitTransaction = false;
        pendingCounts.clear();
        releaseWritePermit();
    }

    private void acquireWritePermit() {
        acquireWritePermit(null);
    }

    /**
     * Waits for the write permit; with {@code ctx}, the wait ends when the statement is cancelled or times out
     * (a client's cancel request, its disconnect, statement_timeout), as a lock wait does in PostgreSQL.
     */
    private void acquireWritePermit(QueryContext ctx) {
        if (holdsWritePermit) {
            return;
        }
        try {
            if (ctx == null) {
                engine.writePermit.acquire();
            } else {
                while (!engine.writePermit.tryAcquire(20, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    ctx.checkInterrupted();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SqlErrors.cancelled("canceling statement while it waited for the write permit");
        }
        holdsWritePermit = true;
    }

    private void releaseWritePermit() {
        if (holdsWritePermit) {
            holdsWritePermit = false;
            engine.writePermit.release();
        }
    }

    private SqlResult show(String name) {
        String value = switch (name.toLowerCase(Locale.ROOT)) {
            case "server_version" -> "16.0";
            case "server_encoding", "client_encoding" -> "UTF8";
            case "timezone", "time zone" -> "UTC";
            case "standard_conforming_strings" -> "on";
            case "transaction_isolation", "transaction isolation level" -> "read committed";
            default -> settings.get(name.toLowerCase(Locale.ROOT));
        };
        if (value == null) {
            throw new SqlException("42704", SqlErrors.GENERAL, "unrecognized configuration parameter \"" + name + "\"");
        }
        return SqlResult.rows(List.of(new SqlResult.Column(name, SqlType.TEXT)), List.<Object[]>of(new Object[] {value}));
    }

    @Override
    public void close() {
        if (openCopy != null) {
            openCopy.run();
        }
        if (transaction != null) {
            rollback();
        }
        releaseWritePermit();
    }

    // ---- statement timeout ----------------------------------------------------------------------------------

    private static final String STATEMENT_TIMEOUT = "statement_timeout";

    /** The session's {@code SET statement_timeout}, else the node's default; 0 for none. */
    private long sessionTimeoutMillis() {
        String value = settings.get(STATEMENT_TIMEOUT);
        return value == null ? engine.settings.statementTimeoutMillis() : millis(value);
    }

    /** A duration as PostgreSQL reads {@code statement_timeout}: milliseconds, or a number with ms, s, min, h or d. */
    private static long millis(String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*(\\d{1,12})\\s*(ms|s|min|h|d)?\\s*")
                .matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new SqlException("22023", SqlErrors.GENERAL, "invalid value for parameter \"statement_timeout\": \"" + value + "\"");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "s" -> n * 1000;
            case "min" -> n * 60_000;
            case "h" -> n * 3_600_000;
            case "d" -> n * 86_400_000;
            default -> n;
        };
    }

    // ---- parameters ----------------------------------------------------------------------------------------

    /** Parameter values as the engine's values: JSON nodes and Java values alike. */
    static Object[] params(List<?> params) {
        if (params == null) {
            return new Object[0];
        }
        Object[] out = new Object[params.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = value(params.get(i));
        }
        return out;
    }

    private static Object value(Object v) {
        if (v instanceof JsonNode j) {
            if (j.isNull() || j.isMissingNode()) {
                return null;
            }
            if (j.isTextual()) {
                return j.textValue();
            }
            if (j.isBoolean()) {
                return j.booleanValue();
            }
            if (j.isIntegralNumber()) {
                return j.canConvertToLong() ? (Object) j.longValue() : new BigDecimal(j.bigIntegerValue());
            }
            if (j.isNumber()) {
                return j.isBigDecimal() ? j.decimalValue() : (Object) j.doubleValue();
            }
            return j;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        return v;
    }
}
