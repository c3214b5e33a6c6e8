package io.distdb.pgwire;

import io.distdb.pgwire.introspection.ClientCatalogQueries;
import io.distdb.pgwire.protocol.BackendWriter;
import io.distdb.pgwire.protocol.FrontendMessage;
import io.distdb.pgwire.types.PgType;
import io.distdb.pgwire.types.PgValues;
import io.distdb.sql.QueryCursor;
import io.distdb.sql.Session;
import io.distdb.sql.ast.Statement;
import io.distdb.sql.errors.SqlException;
import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.parser.SqlParser;
import io.distdb.sql.runtime.StatementControl;
import io.distdb.sql.types.SqlType;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statements of one connection once it is ready: the simple query protocol, the extended protocol
 * (prepared statements and portals) and COPY, all on one {@link Session} of the SQL engine, the same engine
 * and the same planner the HTTP API uses.
 *
 * <p>After an error in the extended protocol, messages are skipped until Sync, as PostgreSQL does, so a
 * pipelining client sees one error and one ReadyForQuery.
 *
 * <p>Several statements sent as one request run as one implicit transaction, as in PostgreSQL: the statements
 * of a query string, and the Executes of an extended-protocol cycle up to Sync (a pipeline, a JDBC batch).
 * The {@link Session} holds their writes and commits them at the end, or discards them all at an error (on a
 * single node; see {@link Session#beginImplicit()} for a cluster). A cycle that is seen to hold one Execute
 * only, as a client's single prepared statement does, runs it as a statement of its own.
 */
final class StatementRunner {

    private static final Logger LOG = Logger.getLogger(StatementRunner.class);

    /** A prepared statement: its text, the parsed statement (null for an empty one) and its parameters. */
    private static final class Prepared {
        final String sql;
        final SqlParser.Parsed parsed;
        final int[] declaredTypes;
        final boolean catalogQuery;
        Session.Description description;

        Prepared(String sql, SqlParser.Parsed parsed, int[] declaredTypes, boolean catalogQuery) {
            this.sql = sql;
            this.parsed = parsed;
            this.declaredTypes = declaredTypes;
            this.catalogQuery = catalogQuery;
        }

        int parameterCount() {
            return parsed == null ? declaredTypes.length : Math.max(parsed.parameterCount(), declaredTypes.length);
        }
    }

    /**
     * A bound statement: its values, its result formats, and once run, its result and how far it was read. A
     * query runs as a cursor whose rows are read as Executes ask for them; other statements (and the catalog
     * queries answered here) keep their whole result.
     */
    private static final class Portal implements AutoCloseable {
        final Prepared statement;
        final Object[] params;
        final short[] resultFormats;
        SqlResult result;
        int position;
        QueryCursor cursor;

        Portal(Prepared statement, Object[] params, short[] resultFormats) {
            this.statement = statement;
            this.params = params;
            this.resultFormats = resultFormats;
        }

        /** Ends the portal's cursor, if it has one: its snapshot and memory are released. */
        @Override
        public void close() {
            if (cursor != null) {
                cursor.close();
            }
        }
    }

    private final PgConnection connection;
    private final Session session;
    private final ClientCatalogQueries catalogQueries;
    private final String database;
    private final String user;
    private final Map<String, Prepared> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();
    private final CopyRunner copy;
    private boolean skipUntilSync;
    private boolean inExtendedCycle;
    /** The messages that came with the one being handled, after it: what a cycle will hold, as far as it is known. */
    private List<FrontendMessage> following = List.of();

    StatementRunner(PgConnection connection, Session session, ClientCatalogQueries catalogQueries, String database, String user) {
        this.connection = connection;
        this.session = session;
        this.catalogQueries = catalogQueries;
        this.database = database;
        this.user = user;
        this.copy = new CopyRunner(connection, session, this::error);
    }

    private BackendWriter out() {
        return connection.out();
    }

    /** 'I' idle, 'T' in a transaction block, 'E' in a failed one. */
    char transactionStatus() {
        return session.transactionFailed() ? 'E' : session.inTransaction() ? 'T' : 'I';
    }

    /** Whether output waits for Sync or Flush (an extended-protocol cycle is under way). */
    boolean holdsOutput() {
        return inExtendedCycle;
    }

    /** {@link #handle(FrontendMessage)}, told which messages arrived after {@code m} in the same read. */
    void handle(FrontendMessage m, List<FrontendMessage> following) {
        this.following = following;
        try {
            handle(m);
        } finally {
            this.following = List.of();
        }
    }

    void handle(FrontendMessage m) {
        if (copy.active()) {
            copy.handle(m);
            if (!copy.active()) {
                endOfCopy();
            }
            return;
        }
        if (m instanceof FrontendMessage.Query q) {
            if (skipUntilSync) {
                return; // after an error in the extended protocol PostgreSQL ignores every message until Sync, a Query too
            }
            inExtendedCycle = false; // its ReadyForQuery goes out at once: PostgreSQL flushes at every ReadyForQuery
            simpleQuery(q.sql());
            return;
        }
        if (m instanceof FrontendMessage.Terminate) {
            connection.close();
            return;
        }
        if (m instanceof FrontendMessage.Sync) {
            sync();
            return;
        }
        if (m instanceof FrontendMessage.Flush) {
            connection.flush();
            return;
        }
        if (m instanceof FrontendMessage.CopyData || m instanceof FrontendMessage.CopyDone || m instanceof FrontendMessage.CopyFail) {
            return; // COPY data after the COPY ended in an error: PostgreSQL drops it too
        }
        if (m instanceof FrontendMessage.PasswordData) {
            throw io.distdb.pgwire.protocol.ProtocolException.violation("unexpected password message");
        }
        inExtendedCycle = true;
        if (skipUntilSync) {
            return;
        }
        try {
            if (m instanceof FrontendMessage.Parse p) {
                parse(p);
            } else if (m instanceof FrontendMessage.Bind b) {
                bind(b);
            } else if (m instanceof FrontendMessage.Describe d) {
                describe(d);
            } else if (m instanceof FrontendMessage.Execute e) {
                execute(e);
            } else if (m instanceof FrontendMessage.Close c) {
                if (c.kind() == 'S') {
                    statements.remove(c.name());
                } else {
                    closePortal(c.name());
                }
                out().closeComplete();
            } else if (m instanceof FrontendMessage.FunctionCall) {
                throw new SqlException("0A000", "not_supported", "the fast-path function call interface is not supported");
            } else {
                throw io.distdb.pgwire.protocol.ProtocolException.violation("unexpected message " + m.getClass().getSimpleName());
            }
        } catch (SqlException e) {
            error(e);
            skipUntilSync = true;
        } catch (io.distdb.pgwire.protocol.ProtocolException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf(e, "statement failed unexpectedly");
            error(PgConnection.internal(e));
            skipUntilSync = true;
        }
    }

    private void sync() {
        skipUntilSync = false;
        inExtendedCycle = false;
        endImplicitTransaction();
        if (!session.inTransaction()) {
            closePortals(); // portals live until the end of their transaction; in autocommit, until Sync
        }
        out().readyForQuery(transactionStatus());
        connection.flush();
    }

    // ---- simple query protocol ------------------------------------------------------------------------------

    private void simpleQuery(String sql) {
        try {
            runScript(sql);
        } catch (SqlException e) {
            error(e);
        } catch (RuntimeException e) {
            LOG.errorf(e, "statement failed unexpectedly");
            error(PgConnection.internal(e));
        }
        if (!copy.active()) {
            endImplicitTransaction();
            out().readyForQuery(transactionStatus());
        }
    }

    /**
     * Commits the implicit transaction of a request's statements, if one holds writes (a failed statement has
     * discarded them already); a commit that fails is the request's error.
     */
    private void endImplicitTransaction() {
        try {
            session.endImplicit();
        } catch (SqlException e) {
            error(e);
        } catch (RuntimeException e) {
            LOG.errorf(e, "commit failed unexpectedly");
            error(PgConnection.internal(e));
        }
    }

    /**
     * Whether the Execute being handled is the only one of its cycle: none ran before it since Sync (the
     * implicit transaction is not open) and the messages that came with it reach Sync with no other Execute.
     * Otherwise, or when Sync has not arrived yet, the cycle may hold more, and they run as one transaction.
     */
    private boolean aloneInItsCycle() {
        for (FrontendMessage next : following) {
            if (next instanceof FrontendMessage.Sync) {
                return true;
            }
            if (next instanceof FrontendMessage.Execute || next instanceof FrontendMessage.Query) {
                return false;
            }
        }
        return false;
    }

    private void runScript(String sql) {
        if (sql.isBlank()) {
            out().emptyQueryResponse();
            return;
        }
        Optional<SqlResult> answer = catalogQueries.answer(sql, List.of(), database, user);
        if (answer.isPresent()) {
            wholeResult(answer.get());
            return;
        }
        List<SqlParser.Parsed> parsed = parseOrReport(sql);
        if (parsed.isEmpty()) {
            out().emptyQueryResponse();
            return;
        }
        if (parsed.size() > 1) {
            session.beginImplicit(); // ended before ReadyForQuery (after a COPY FROM STDIN's data, when there is one)
        }
        for (SqlParser.Parsed p : parsed) {
            if (p.parameterCount() > 0) {
                throw new SqlException("42P02", "general", "there is no parameter $1");
            }
            if (CopyRunner.isCopy(p.statement())) {
                copy.start(p.statement());
                if (copy.active()) {
                    // COPY FROM STDIN: the rest of the query string runs when the data is in, as PostgreSQL does.
                    pendingScript = parsed.subList(parsed.indexOf(p) + 1, parsed.size());
                    return;
                }
                continue;
            }
            runStatement(p, parsed.size() == 1 ? sql : null);
            connection.flushIfLarge();
        }
    }

    /** Statements of a simple query that follow a COPY FROM STDIN, run once the COPY ends. */
    private List<SqlParser.Parsed> pendingScript = List.of();

    private void endOfCopy() {
        List<SqlParser.Parsed> rest = pendingScript;
        pendingScript = List.of();
        if (!copy.lastFailed()) {
            try {
                for (SqlParser.Parsed p : rest) {
                    runStatement(p, null);
                }
            } catch (SqlException e) {
                error(e);
            } catch (RuntimeException e) {
                LOG.errorf(e, "statement failed unexpectedly");
                error(PgConnection.internal(e));
            }
        }
        if (copy.startedByExtendedProtocol()) {
            skipUntilSync = copy.lastFailed(); // the extended protocol's Sync sends ReadyForQuery
            return;
        }
        endImplicitTransaction();
        out().readyForQuery(transactionStatus());
        connection.flush();
    }

    /** Runs a statement of the simple protocol: a query streams its rows, any other sends its whole result. */
    private void runStatement(SqlParser.Parsed p, String text) {
        if (p.statement() instanceof Statement.QueryStatement) {
            streamQuery(p, text);
        } else {
            wholeResult(run(p, text, new Object[0]));
        }
    }

    /** Parses {@code sql}; text that does not parse was still a statement the client sent, and it failed. */
    private List<SqlParser.Parsed> parseOrReport(String sql) {
        long start = System.nanoTime();
        try {
            return session.parse(sql);
        } catch (SqlException e) {
            connection.statementListener().finished(System.nanoTime() - start, e.sqlState());
            throw e;
        }
    }

    private SqlResult run(SqlParser.Parsed p, String text, Object[] params) {
        StatementControl control = new StatementControl();
        return asStatement(control, true, () -> session.execute(p.statement(), text, params, control, 0));
    }

    /**
     * Runs a statement's work with {@code control} as the connection's running statement, so a cancel request
     * or a disconnect stops it; with {@code report}, the statement's time and outcome go to the node's metrics.
     */
    private <T> T asStatement(StatementControl control, boolean report, java.util.function.Supplier<T> work) {
        connection.running(control);
        long start = System.nanoTime();
        String sqlState = "XX000";
        try {
            T result = work.get();
            sqlState = null;
            return result;
        } catch (SqlException e) {
            sqlState = e.sqlState();
            throw e;
        } finally {
            connection.running(null);
            if (report) {
                connection.statementListener().finished(System.nanoTime() - start, sqlState);
            }
        }
    }

    // ---- extended query protocol ----------------------------------------------------------------------------

    private void parse(FrontendMessage.Parse p) {
        if (!p.name().isEmpty() && statements.containsKey(p.name())) {
            throw new SqlException("42P05", "general", "prepared statement \"" + p.name() + "\" already exists");
        }
        Prepared prepared;
        if (catalogQueries.recognizes(p.sql())) {
            prepared = new Prepared(p.sql(), null, p.parameterTypes(), true);
        } else {
            List<SqlParser.Parsed> parsed = parseOrReport(p.sql());
            if (parsed.size() > 1) {
                throw new SqlException("42601", "syntax_error", "cannot insert multiple commands into a prepared statement");
            }
            SqlParser.Parsed one = parsed.isEmpty() ? null : parsed.get(0);
            prepared = new Prepared(p.sql(), one, p.parameterTypes(), false);
        }
        statements.put(p.name(), prepared);
        out().parseComplete();
    }

    private Prepared statement(String name) {
        Prepared p = statements.get(name);
        if (p == null) {
            throw new SqlException("26000", "general", "prepared statement \"" + name + "\" does not exist");
        }
        return p;
    }

    private void bind(FrontendMessage.Bind b) {
        Prepared p = statement(b.statement());
        int expected = p.parameterCount();
        if (b.values().size() != expected) {
            throw new SqlException("08P01", "general", "bind message supplies " + b.values().size() + " parameters, but prepared statement \""
                    + b.statement() + "\" requires " + expected);
        }
        short[] formats = b.parameterFormats();
        if (formats.length > 1 && formats.length != expected) {
            throw new SqlException("08P01", "general", "bind message has " + formats.length + " parameter formats but "
                    + expected + " parameters");
        }
        Object[] params = new Object[expected];
        for (int i = 0; i < expected; i++) {
            boolean binary = formats.length == 1 ? formats[0] == 1 : formats.length > i && formats[i] == 1;
            int oid = parameterType(p, i);
            if (binary && oid == 0) {
                throw new SqlException("08P01", "general", "could not determine data type of parameter $" + (i + 1)
                        + " sent in binary format");
            }
            params[i] = PgValues.decodeParameter(b.values().get(i), oid, binary, i + 1);
        }
        if (!b.portal().isEmpty() && portals.containsKey(b.portal())) {
            throw new SqlException("42P03", "general", "cursor \"" + b.portal() + "\" already exists");
        }
        Portal replaced = portals.put(b.portal(), new Portal(p, params, b.resultFormats()));
        if (replaced != null) {
            replaced.close(); // binding the unnamed portal again ends the one before
        }
        out().bindComplete();
    }

    /** A parameter's type: as the client declared it, else as the statement's use of it says, else 0. */
    private int parameterType(Prepared p, int index) {
        if (index < p.declaredTypes.length && p.declaredTypes[index] != 0) {
            return p.declaredTypes[index];
        }
        Session.Description d = description(p);
        if (d != null && index < d.parameterTypes().size() && d.parameterTypes().get(index) != SqlType.UNKNOWN) {
            return PgType.of(d.parameterTypes().get(index)).oid();
        }
        return 0;
    }

    private Session.Description description(Prepared p) {
        if (p.description == null && p.parsed != null) {
            p.description = session.describe(p.parsed.statement(), p.sql, p.parsed.parameterCount());
        }
        return p.description;
    }

    private void describe(FrontendMessage.Describe d) {
        if (d.kind() == 'S') {
            Prepared p = statement(d.name());
            int[] oids = new int[p.parameterCount()];
            for (int i = 0; i < oids.length; i++) {
                int oid = parameterType(p, i);
                oids[i] = oid == 0 ? PgType.TEXT.oid() : oid;
            }
            out().parameterDescription(oids);
            List<SqlResult.Column> columns = columns(p, null);
            if (columns.isEmpty()) {
                out().noData();
            } else {
                rowDescription(columns, new short[0]);
            }
            return;
        }
        Portal portal = portal(d.name());
        List<SqlResult.Column> columns = columns(portal.statement, portal);
        if (columns.isEmpty()) {
            out().noData();
        } else {
            rowDescription(columns, portal.resultFormats);
        }
    }

    private List<SqlResult.Column> columns(Prepared p, Portal portal) {
        if (p.catalogQuery) {
            if (portal != null) {
                return catalogAnswer(portal).columns();
            }
            List<Object> nulls = new ArrayList<>();
            for (int i = 0; i < p.parameterCount(); i++) {
                nulls.add(null);
            }
            return catalogQueries.answer(p.sql, nulls, database, user).map(SqlResult::columns).orElse(List.of());
        }
        if (p.parsed == null || CopyRunner.isCopy(p.parsed.statement())) {
            return List.of();
        }
        return description(p).columns();
    }

    private SqlResult catalogAnswer(Portal portal) {
        if (portal.result == null) {
            portal.result = catalogQueries.answer(portal.statement.sql, Arrays.asList(portal.params), database, user)
                    .orElseThrow(() -> new SqlException("XX000", "internal", "the catalog query is no longer recognized"));
        }
        return portal.result;
    }

    private Portal portal(String name) {
        Portal p = portals.get(name);
        if (p == null) {
            throw new SqlException("34000", "general", "portal \"" + name + "\" does not exist");
        }
        return p;
    }

    private void execute(FrontendMessage.Execute e) {
        if (session.inImplicit() || !aloneInItsCycle()) {
            session.beginImplicit(); // ended at Sync
        }
        Portal portal = portal(e.portal());
        Prepared p = portal.statement;
        if (!p.catalogQuery && p.parsed == null) {
            out().emptyQueryResponse();
            return;
        }
        if (portal.result == null && isQuery(p)) {
            executeQuery(e, portal);
            return;
        }
        if (portal.result == null) {
            if (p.catalogQuery) {
                catalogAnswer(portal);
            } else if (CopyRunner.isCopy(p.parsed.statement())) {
                closePortal(e.portal());
                copy.startExtended(p.parsed.statement());
                return;
            } else {
                try {
                    portal.result = run(p.parsed, p.sql, portal.params);
                } catch (RuntimeException ex) {
                    closePortal(e.portal()); // a failed or cancelled portal cannot be read further
                    throw ex;
                }
            }
        }
        SqlResult r = portal.result;
        if (!r.hasRows()) {
            out().commandComplete(r.commandTag());
            return;
        }
        int from = portal.position;
        int to = e.maxRows() > 0 ? (int) Math.min((long) from + e.maxRows(), r.rows().size()) : r.rows().size();
        rows(r, from, to, portal.resultFormats);
        portal.position = to;
        if (to < r.rows().size()) {
            out().portalSuspended();
        } else {
            out().commandComplete(r.commandTag().startsWith("SELECT ") ? "SELECT " + (to - from) : r.commandTag());
        }
    }

    private static boolean isQuery(Prepared p) {
        return !p.catalogQuery && p.parsed != null && p.parsed.statement() instanceof Statement.QueryStatement;
    }

    /**
     * Executes a query's portal: opened as a cursor at its first Execute, then as many rows as this Execute asks
     * for (all that are left when it asks for 0), streamed to the client as they are read. PortalSuspended
     * when rows remain, else CommandComplete.
     */
    private void executeQuery(FrontendMessage.Execute e, Portal portal) {
        boolean first = portal.cursor == null;
        // Opening may already run most of the query (an aggregate, a sort): a cancel request reaches it too.
        StatementControl control = first ? new StatementControl() : portal.cursor.control();
        long sent;
        try {
            // One statement for the node's metrics: its first Execute, where it starts running.
            sent = asStatement(control, first, () -> {
                if (first) {
                    portal.cursor = session.openQuery((Statement.QueryStatement) portal.statement.parsed.statement(),
                            portal.statement.sql, portal.params, control, 0);
                }
                return stream(portal.cursor, e.maxRows(), portal.resultFormats);
            });
        } catch (RuntimeException ex) {
            closePortal(e.portal()); // a failed or cancelled portal cannot be read further
            throw ex;
        }
        if (portal.cursor.exhausted()) {
            out().commandComplete("SELECT " + sent);
        } else {
            out().portalSuspended();
        }
    }

    /**
     * A query of the simple protocol (or one that follows a COPY FROM STDIN): its rows streamed in text as they
     * are read, so a result of any size goes out without being held.
     */
    private void streamQuery(SqlParser.Parsed p, String text) {
        StatementControl control = new StatementControl(); // running from the start: opening may run most of the query
        long sent = asStatement(control, true, () -> {
            try (QueryCursor cursor = session.openQuery((Statement.QueryStatement) p.statement(), text, new Object[0],
                    control, 0)) {
                rowDescription(cursor.columns(), new short[0]);
                return stream(cursor, 0, new short[0]);
            }
        });
        out().commandComplete("SELECT " + sent);
    }

    /** Sends up to {@code max} rows of {@code cursor} (0: all that are left) as DataRows. */
    private long stream(QueryCursor cursor, int max, short[] formats) {
        RowEncoder encoder = new RowEncoder(cursor.columns(), formats);
        return cursor.forEach(max, values -> dataRow(encoder.encode(values)));
    }

    private void closePortal(String name) {
        Portal p = portals.remove(name);
        if (p != null) {
            p.close();
        }
    }

    private void closePortals() {
        portals.values().forEach(Portal::close);
        portals.clear();
    }

    // ---- results ----------------------------------------------------------------------------------------------

    /** A statement's whole result in the simple query protocol: its columns (if any), rows in text, and its tag. */
    private void wholeResult(SqlResult r) {
        if (r.hasRows()) {
            rowDescription(r.columns(), new short[0]);
        }
        rows(r, 0, r.rows().size(), new short[0]);
        out().commandComplete(r.commandTag());
    }

    private static boolean binary(short[] formats, int column) {
        return formats.length == 1 ? formats[0] == 1 : formats.length > column && formats[column] == 1;
    }

    private void rowDescription(List<SqlResult.Column> columns, short[] formats) {
        List<BackendWriter.Field> fields = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            SqlResult.Column c = columns.get(i);
            PgType t = PgType.of(c.type());
            fields.add(new BackendWriter.Field(c.name(), t.oid(), t.size(), -1, binary(formats, i) ? (short) 1 : (short) 0));
        }
        out().rowDescription(fields);
    }

    private void rows(SqlResult r, int from, int to, short[] formats) {
        RowEncoder encoder = new RowEncoder(r.columns(), formats);
        for (int row = from; row < to; row++) {
            dataRow(encoder.encode(r.rows().get(row)));
        }
    }

    private void dataRow(byte[][] encoded) {
        out().dataRow(encoded);
        connection.flushIfLarge();
    }

    /** A result's rows as DataRow fields: each column in the format the client asked for it. */
    private static final class RowEncoder {
        private final PgType[] types;
        private final boolean[] binary;

        RowEncoder(List<SqlResult.Column> columns, short[] formats) {
            int n = columns.size();
            types = new PgType[n];
            binary = new boolean[n];
            for (int i = 0; i < n; i++) {
                types[i] = PgType.of(columns.get(i).type());
                binary[i] = binary(formats, i);
            }
        }

        byte[][] encode(Object[] values) {
            byte[][] encoded = new byte[types.length][];
            for (int i = 0; i < types.length; i++) {
                encoded[i] = binary[i] ? PgValues.encodeBinary(values[i], types[i]) : PgValues.encodeText(values[i]);
            }
            return encoded;
        }
    }

    void error(SqlException e) {
        session.statementFailed();
        List<BackendWriter.ErrorField> fields = new ArrayList<>();
        fields.add(new BackendWriter.ErrorField('S', "ERROR"));
        fields.add(new BackendWriter.ErrorField('V', "ERROR"));
        fields.add(new BackendWriter.ErrorField('C', e.sqlState()));
        fields.add(new BackendWriter.ErrorField('M', e.primaryMessage()));
        fields.add(new BackendWriter.ErrorField('D', e.detail()));
        fields.add(new BackendWriter.ErrorField('W', e.context()));
        if (e.position() != null) {
            fields.add(new BackendWriter.ErrorField('P', String.valueOf(e.position().offset() + 1)));
        }
        out().errorResponse(fields);
    }

    /** A cancel request arrived while no statement ran: a COPY in progress is the one thing to stop. */
    void cancelled() {
        if (copy.active()) {
            copy.cancel();
            endOfCopy();
            connection.flush();
        }
    }

    void release() {
        copy.abort("the connection closed");
        statements.clear();
        closePortals();
    }
}
