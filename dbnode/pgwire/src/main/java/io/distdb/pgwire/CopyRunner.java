package io.distdb.pgwire;

import io.distdb.pgwire.protocol.BackendWriter;
import io.distdb.pgwire.protocol.FrontendMessage;
import io.distdb.sql.Session;
import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.errors.SqlException;
import io.distdb.sql.ast.Statement;
import io.distdb.sql.copy.CopyIn;
import io.distdb.sql.copy.CopyOut;
import io.distdb.sql.runtime.StatementControl;
import org.jboss.logging.Logger;

import java.util.function.Consumer;

/**
 * COPY on the wire: {@code COPY ... TO STDOUT} streams the engine's lines as CopyData as the client reads
 * them; {@code COPY ... FROM STDIN} answers CopyInResponse and feeds each CopyData chunk to the engine's
 * {@link CopyIn}, which writes every row at CopyDone or nothing at all (CopyFail, an error, a cancel, or a
 * client that goes away).
 */
final class CopyRunner {

    private static final Logger LOG = Logger.getLogger(CopyRunner.class);

    private final PgConnection connection;
    private final Session session;
    private final Consumer<SqlException> errors;
    private CopyIn in;
    private StatementControl control;
    private boolean extended;
    private boolean lastFailed;

    CopyRunner(PgConnection connection, Session session, Consumer<SqlException> errors) {
        this.connection = connection;
        this.session = session;
        this.errors = errors;
    }

    static boolean isCopy(Statement statement) {
        return statement instanceof Statement.Copy;
    }

    /** Whether a COPY FROM STDIN is waiting for data. */
    boolean active() {
        return in != null;
    }

    /** Whether the COPY that ended last failed. */
    boolean lastFailed() {
        return lastFailed;
    }

    /** Whether the COPY that is running (or ended last) came through the extended protocol. */
    boolean startedByExtendedProtocol() {
        return extended;
    }

    private BackendWriter out() {
        return connection.out();
    }

    /** Starts a COPY of the simple query protocol; errors are thrown, before anything was sent. */
    void start(Statement statement) {
        extended = false;
        begin((Statement.Copy) statement);
    }

    /** Starts a COPY from an Execute of the extended protocol. */
    void startExtended(Statement statement) {
        extended = true;
        begin((Statement.Copy) statement);
    }

    private void begin(Statement.Copy copy) {
        lastFailed = false;
        control = new StatementControl();
        if (copy.from()) {
            in = session.copyIn(copy, control);
            connection.running(control);
            out().copyResponse(true, in.columnCount());
            connection.flush(); // the client sends no data before it has this, whatever protocol cycle it is in
            return;
        }
        connection.running(control);
        try (CopyOut rows = session.copyOut(copy, control, 0)) {
            out().copyResponse(false, rows.columnCount());
            while (rows.hasNext()) {
                out().copyData(rows.next());
                connection.flushIfLarge();
            }
            out().copyDone();
            out().commandComplete("COPY " + rows.rowCount());
        } finally {
            connection.running(null);
        }
    }

    /** One message while COPY FROM STDIN waits for data. */
    void handle(FrontendMessage m) {
        try {
            if (m instanceof FrontendMessage.CopyData d) {
                in.accept(d.data(), 0, d.data().length);
            } else if (m instanceof FrontendMessage.CopyDone) {
                long rows = in.finish();
                end();
                out().commandComplete("COPY " + rows);
            } else if (m instanceof FrontendMessage.CopyFail f) {
                SqlException e = in.abort(f.reason());
                fail(e);
            } else if (m instanceof FrontendMessage.Flush || m instanceof FrontendMessage.Sync) {
                // PostgreSQL ignores these during COPY FROM STDIN: drivers may send them with the COPY statement.
            } else {
                in.abort("the client sent another message in the middle of COPY data");
                fail(new SqlException("08P01", "protocol_violation", "unexpected message type during COPY from stdin"));
            }
        } catch (SqlException e) {
            fail(e);
        } catch (RuntimeException e) {
            LOG.errorf(e, "COPY failed unexpectedly");
            if (in != null) {
                in.abort("internal error");
            }
            fail(PgConnection.internal(e));
        }
    }

    private void fail(SqlException e) {
        end();
        lastFailed = true;
        errors.accept(e);
    }

    private void end() {
        in = null;
        control = null;
        connection.running(null);
    }

    /** A cancel request while COPY FROM STDIN waits for data: the copy ends, nothing written. */
    void cancel() {
        if (in != null) {
            in.abort("canceling statement due to user request");
            fail(SqlErrors.cancelled("canceling statement due to user request"));
        }
    }

    /** The connection closes: a COPY in progress writes nothing. */
    void abort(String reason) {
        if (in != null) {
            in.abort(reason);
            end();
        }
    }
}
