package io.distdb.pgwire;

import io.distdb.pgwire.auth.ScramSha256;
import io.distdb.pgwire.protocol.BackendWriter;
import io.distdb.pgwire.protocol.FrontendDecoder;
import io.distdb.pgwire.protocol.FrontendMessage;
import io.distdb.pgwire.protocol.ProtocolException;
import io.distdb.sql.Session;
import io.distdb.sql.errors.SqlException;
import io.distdb.sql.runtime.StatementControl;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import org.jboss.logging.Logger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection: start-up and authentication, then statements through {@link StatementRunner}. Bytes
 * arrive on the event loop and are queued; everything else runs on the connection's {@link SerialQueue}, so
 * the state here is only touched by one thread at a time.
 */
final class PgConnection {

    private static final Logger LOG = Logger.getLogger(PgConnection.class);

    /** Input queued past this pauses the socket until the statements catch up (a fast COPY sender). */
    private static final long PAUSE_AT_BYTES = 4L << 20;
    private static final long RESUME_AT_BYTES = 1L << 20;
    /** Output is handed to the socket when this much is pending, not only at the end of a cycle. */
    private static final int FLUSH_AT_BYTES = 64 * 1024;

    /** Start-up parameters a client may send; anything else is refused as PostgreSQL refuses an unknown setting. */
    private static final Set<String> KNOWN_PARAMETERS = Set.of("user", "database", "options", "application_name",
            "fallback_application_name", "client_encoding", "datestyle", "timezone", "extra_float_digits",
            "search_path", "intervalstyle", "lc_messages", "lc_monetary", "lc_numeric", "lc_time", "geqo",
            "statement_timeout", "idle_in_transaction_session_timeout", "lock_timeout", "replication",
            "default_transaction_isolation", "default_transaction_read_only", "standard_conforming_strings");

    private enum Phase { STARTUP, SASL_INITIAL, SASL_CONTINUE, READY, CLOSED }

    private final PgWireServer server;
    private final NetSocket socket;
    private final SerialQueue queue;
    private final FrontendDecoder decoder;
    private final BackendWriter out = new BackendWriter();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final int processId;
    private final int secretKey;
    private volatile boolean paused;
    /** The socket's event-loop context, where the switch to TLS must happen in one step with the 'S' answer. */
    private io.vertx.core.Context context;
    private volatile boolean closed;
    /** The hold on the statement running now, for cancel requests and disconnects; null between statements. */
    private volatile StatementControl running;

    private Phase phase = Phase.STARTUP;
    private ScramSha256.Exchange scram;
    private String user;
    private String database;
    private Session session;
    private StatementRunner runner;

    PgConnection(PgWireServer server, NetSocket socket, SerialQueue queue, int processId, int secretKey) {
        this.server = server;
        this.socket = socket;
        this.queue = queue;
        this.processId = processId;
        this.secretKey = secretKey;
        this.decoder = new FrontendDecoder(server.options().maxMessageBytes());
    }

    int processId() {
        return processId;
    }

    int secretKey() {
        return secretKey;
    }

    /** Wires the socket; called on the event loop once. */
    void start() {
        context = io.vertx.core.Vertx.currentContext();
        socket.handler(this::received);
        socket.closeHandler(v -> disconnected());
        socket.exceptionHandler(e -> LOG.debugf("connection %d: %s", processId, e.getMessage()));
    }

    // ---- event loop -----------------------------------------------------------------------------------------

    private void received(Buffer data) {
        byte[] bytes = data.getBytes();
        if (queuedBytes.addAndGet(bytes.length) > PAUSE_AT_BYTES && !paused) {
            paused = true;
            socket.pause();
        }
        queue.submit(() -> {
            try {
                process(bytes);
            } finally {
                if (queuedBytes.addAndGet(-bytes.length) < RESUME_AT_BYTES && paused) {
                    paused = false;
                    socket.resume();
                }
            }
        });
    }

    private void disconnected() {
        closed = true;
        StatementControl c = running;
        if (c != null) {
            c.cancel("the client disconnected");
        }
        queue.submit(this::release);
    }

    StatementListener statementListener() {
        return server.statementListener();
    }

    /** The server is stopping: cancel what runs, tell the client, and close. */
    void shutdown() {
        StatementControl c = running;
        if (c != null) {
            c.cancel("the node is shutting down");
        }
        queue.submit(() -> {
            if (phase != Phase.CLOSED) {
                fatal("57P01", "terminating connection: the node is shutting down");
            }
        });
    }

    /** Asked by a cancel request on another connection: cancel the statement running now, if any. */
    void cancelRunning() {
        StatementControl c = running;
        if (c != null) {
            c.cancel("user request");
        }
        queue.submit(() -> {
            if (runner != null) {
                runner.cancelled();
            }
        });
    }

    // ---- the connection's thread -------------------------------------------------------------------------------

    private void process(byte[] bytes) {
        // Once the client is gone (closed is set on the event loop at once, the phase only when release runs,
        // queued behind this), nothing it sent is run: its running statement was cancelled, and what came
        // after it must not run without it.
        if (phase == Phase.CLOSED || closed) {
            return;
        }
        try {
            List<FrontendMessage> messages = decoder.feed(bytes, 0, bytes.length);
            while (!messages.isEmpty()) {
                for (int i = 0; i < messages.size(); i++) {
                    if (phase == Phase.CLOSED || closed) {
                        return;
                    }
                    handle(messages.get(i), messages.subList(i + 1, messages.size()));
                }
                // In start-up, the decoder hands over one message at a time: what follows may be typed messages.
                messages = decoder.isStartupDone() && decoder.buffered() == 0 ? List.of() : decoder.feed(new byte[0], 0, 0);
            }
            if (out.size() > 0 && (runner == null || !runner.holdsOutput())) {
                flush();
            }
        } catch (ProtocolException e) {
            fatal(e.sqlState(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "connection %d: unexpected failure", processId);
            fatal("XX000", "internal error: " + e);
        }
    }

    private void handle(FrontendMessage m, List<FrontendMessage> following) {
        switch (phase) {
            case STARTUP -> startup(m);
            case SASL_INITIAL, SASL_CONTINUE -> authenticate(m);
            case READY -> runner.handle(m, following);
            default -> {
            }
        }
    }

    private void startup(FrontendMessage m) {
        if (m instanceof FrontendMessage.SslRequest) {
            if (server.options().tls() != null && !socket.isSsl()) {
                // The client starts its handshake as soon as it reads 'S': the TLS handler must be in the socket's
                // pipeline before any byte after the 'S' is read, so the answer and the switch are one event-loop task.
                byte[] yes = out.sslAnswer('S').drain();
                context.runOnContext(v -> {
                    socket.write(Buffer.buffer(yes));
                    socket.upgradeToSsl(done -> {
                        if (done.failed()) {
                            // A client that does not trust this node, or one that stalls: say so once, at INFO.
                            LOG.infof("connection %d from %s: TLS handshake failed: %s", processId, socket.remoteAddress(),
                                    done.cause().getMessage());
                            socket.close();
                        }
                    });
                });
            } else {
                out.sslAnswer('N');
                flush();
            }
            return;
        }
        if (m instanceof FrontendMessage.GssEncRequest) {
            out.sslAnswer('N');
            flush();
            return;
        }
        if (m instanceof FrontendMessage.CancelRequest c) {
            server.cancel(c.processId(), c.secretKey());
            close();
            return;
        }
        if (!(m instanceof FrontendMessage.Startup s)) {
            throw ProtocolException.violation("expected a startup message");
        }
        decoder.startupDone();
        // Checked at the startup message, not before: a cancel request (above) may still come in plain text, as
        // PostgreSQL allows, because clients send it on a fresh connection without TLS; it carries no data.
        if (server.options().requireTls() && !socket.isSsl()) {
            LOG.infof("connection %d from %s: refused, a session without TLS", processId, socket.remoteAddress());
            fatal("28000", "this server requires TLS: connect with sslmode=require or stronger");
            return;
        }
        List<String> unknownProtocolOptions = new ArrayList<>();
        for (Map.Entry<String, String> p : s.parameters().entrySet()) {
            String name = p.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("_pq_.")) {
                unknownProtocolOptions.add(p.getKey());
            } else if (!KNOWN_PARAMETERS.contains(name)) {
                fatal("42704", "unrecognized configuration parameter \"" + p.getKey() + "\"");
                return;
            }
        }
        if ("database".equalsIgnoreCase(s.parameters().getOrDefault("replication", "false"))
                || "true".equalsIgnoreCase(s.parameters().getOrDefault("replication", "false"))) {
            fatal("0A000", "replication connections are not supported");
            return;
        }
        user = s.parameters().get("user");
        if (user == null || user.isEmpty()) {
            fatal("28000", "no PostgreSQL user name specified in startup packet");
            return;
        }
        database = s.parameters().getOrDefault("database", user);
        if ((s.protocolVersion() & 0xffff) != 0 || !unknownProtocolOptions.isEmpty()) {
            out.negotiateProtocolVersion(0, unknownProtocolOptions);
        }
        if (!server.admit(this)) {
            fatal("53300", "sorry, too many clients already");
            return;
        }
        if (server.scram() == null) {
            ready();
        } else {
            scram = server.scram().begin();
            out.authenticationSasl(List.of(ScramSha256.MECHANISM));
            phase = Phase.SASL_INITIAL;
            flush();
        }
    }

    private void authenticate(FrontendMessage m) {
        if (!(m instanceof FrontendMessage.PasswordData p)) {
            throw ProtocolException.violation("expected SASL response, got " + m.getClass().getSimpleName());
        }
        try {
            if (phase == Phase.SASL_INITIAL) {
                ByteBuffer b = ByteBuffer.wrap(p.data());
                String mechanism = cstring(b);
                if (!ScramSha256.MECHANISM.equals(mechanism)) {
                    fatal("28000", "SASL authentication mechanism \"" + mechanism + "\" is not supported: use "
                            + ScramSha256.MECHANISM);
                    return;
                }
                if (b.remaining() < 4) {
                    throw ProtocolException.violation("malformed SASLInitialResponse");
                }
                int len = b.getInt();
                if (len < 0 || len != b.remaining()) {
                    throw ProtocolException.violation("malformed SASLInitialResponse: length " + len);
                }
                byte[] first = new byte[len];
                b.get(first);
                out.authenticationSaslContinue(scram.first(first));
                phase = Phase.SASL_CONTINUE;
                flush();
            } else {
                byte[] last = scram.last(p.data());
                out.authenticationSaslFinal(last);
                scram = null;
                ready();
            }
        } catch (ScramSha256.Failure f) {
            if (f.wrongPassword()) {
                LOG.infof("connection %d: password authentication failed for user \"%s\" from %s", processId, user,
                        socket.remoteAddress());
                fatal("28P01", "password authentication failed for user \"" + user + "\"");
            } else {
                fatal("08P01", f.getMessage());
            }
        }
    }

    private static String cstring(ByteBuffer b) {
        int start = b.position();
        while (b.hasRemaining()) {
            if (b.get() == 0) {
                return new String(b.array(), start, b.position() - start - 1, StandardCharsets.UTF_8);
            }
        }
        throw ProtocolException.violation("malformed SASLInitialResponse: no mechanism name");
    }

    private void ready() {
        session = server.engine().openSession();
        runner = new StatementRunner(this, session, server.catalogQueries(), database, user);
        out.authenticationOk();
        PgWireOptions o = server.options();
        out.parameterStatus("server_version", o.serverVersion());
        out.parameterStatus("server_encoding", "UTF8");
        out.parameterStatus("client_encoding", "UTF8");
        out.parameterStatus("DateStyle", "ISO, MDY");
        out.parameterStatus("integer_datetimes", "on");
        out.parameterStatus("IntervalStyle", "postgres");
        out.parameterStatus("standard_conforming_strings", "on");
        out.parameterStatus("TimeZone", "UTC");
        out.parameterStatus("is_superuser", "off");
        out.parameterStatus("session_authorization", user);
        out.parameterStatus("application_name", "");
        out.backendKeyData(processId, secretKey);
        phase = Phase.READY;
        out.readyForQuery(runner.transactionStatus());
        flush();
    }

    // ---- used by the statement runner -----------------------------------------------------------------------

    BackendWriter out() {
        return out;
    }

    boolean isClosed() {
        return closed;
    }

    /** Marks the statement about to run, so a cancel request or a disconnect can stop it. */
    void running(StatementControl control) {
        running = control;
        if (control != null && closed) {
            control.cancel("the client disconnected");
        }
    }

    /** Hands pending output to the socket when enough has gathered. */
    void flushIfLarge() {
        if (out.size() >= FLUSH_AT_BYTES) {
            flush();
        }
    }

    /**
     * Hands pending output to the socket, and waits while the socket's write queue is full: a client that
     * reads slowly slows its own statement instead of filling the node's memory.
     */
    void flush() {
        if (out.size() == 0) {
            return;
        }
        byte[] bytes = out.drain();
        if (closed) {
            return;
        }
        try {
            socket.write(Buffer.buffer(bytes));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            closed = true; // the node's event loops are gone: it is shutting down
            return;
        }
        if (socket.writeQueueFull()) {
            CountDownLatch drained = new CountDownLatch(1);
            socket.drainHandler(v -> drained.countDown());
            try {
                while (!closed && socket.writeQueueFull() && !drained.await(100, TimeUnit.MILLISECONDS)) {
                    // the client is not reading; keep waiting unless it goes away
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sends a FATAL error and closes the connection: protocol violations and failed start-ups. */
    void fatal(String sqlState, String message) {
        out.errorResponse(List.of(new BackendWriter.ErrorField('S', "FATAL"), new BackendWriter.ErrorField('V', "FATAL"),
                new BackendWriter.ErrorField('C', sqlState), new BackendWriter.ErrorField('M', message)));
        flush();
        close();
    }

    void close() {
        phase = Phase.CLOSED;
        closed = true;
        try {
            socket.close();
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the node's event loops are gone: the socket closes with them
        }
        release();
    }

    /** Frees what the connection holds: its session (rolling back an open transaction), a COPY in progress. */
    private void release() {
        phase = Phase.CLOSED;
        if (runner != null) {
            runner.release();
            runner = null;
        }
        if (session != null) {
            try {
                session.close();
            } catch (RuntimeException e) {
                LOG.debugf("connection %d: closing its session: %s", processId, e.getMessage());
            }
            session = null;
        }
        server.released(this);
    }

    static SqlException internal(RuntimeException e) {
        return new SqlException("XX000", "internal", "internal error: " + e);
    }
}
