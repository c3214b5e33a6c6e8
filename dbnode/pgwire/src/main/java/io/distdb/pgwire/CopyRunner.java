package io.distdb.pgwire;

import io.distdb.pgwire.protocol.FrontendMessage;
import io.distdb.sql.Session;
import io.distdb.sql.ast.Statement;

/** COPY FROM STDIN and COPY TO STDOUT on the wire. */
final class CopyRunner {

    private final PgConnection connection;
    private final Session session;

    CopyRunner(PgConnection connection, Session session) {
        this.connection = connection;
        this.session = session;
    }

    static boolean isCopy(Statement statement) {
        return false;
    }

    boolean active() {
        return false;
    }

    boolean lastFailed() {
        return false;
    }

    boolean startedByExtendedProtocol() {
        return false;
    }

    void start(Statement statement) {
    }

    void startExtended(Statement statement) {
    }

    void handle(FrontendMessage m) {
    }

    void cancel() {
    }

    void abort(String reason) {
    }
}
