package io.distdb.pgwire;

import io.distdb.pgwire.auth.ScramSha256;
import io.distdb.pgwire.introspection.ClientCatalogQueries;
import io.distdb.sql.SqlEngine;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The PostgreSQL wire protocol listener of a node: accepts connections on the node's Vert.x, and runs each
 * connection's statements in order on a pool of its own (statements block on storage and replicas, which the
 * event loop must never do). Cancel requests find their connection here by process id and secret key.
 */
public final class PgWireServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PgWireServer.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Vertx vertx;
    private final Supplier<SqlEngine> engine;
    private volatile StatementListener statementListener = StatementListener.NONE;
    private final PgWireOptions options;
    private final ScramSha256 scram;
    private volatile ClientCatalogQueries catalogQueries;
    private final ExecutorService pool;
    private final Map<Integer, PgConnection> connections = new ConcurrentHashMap<>();
    private final AtomicInteger nextProcessId = new AtomicInteger(1 + RANDOM.nextInt(1 << 20));
    private final AtomicInteger admitted = new AtomicInteger();
    private NetServer server;

    public PgWireServer(Vertx vertx, SqlEngine engine, PgWireOptions options) {
        this(vertx, () -> engine, options);
    }

    /**
     * @param engine the engine each new session opens on; asked once per connection, so a node can make it
     *               ready (a catalog to adopt) before the first client statement
     */
    public PgWireServer(Vertx vertx, Supplier<SqlEngine> engine, PgWireOptions options) {
        this.vertx = vertx;
        this.engine = engine;
        this.options = options;
        this.scram = options.password() == null || options.password().isEmpty() ? null : new ScramSha256(options.password());
        AtomicInteger threads = new AtomicInteger();
        // One thread per busy connection at most, idle threads go after a minute; connections are capped by admit().
        this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "pgwire-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Binds the port; returns the port bound (the one asked for, or a free one for 0). */
    public int start() {
        NetServerOptions netOptions = new NetServerOptions().setHost(options.host()).setPort(options.port())
                .setTcpNoDelay(true).setTcpKeepAlive(true);
        if (options.tls() != null) {
            // TLS starts after the SSLRequest exchange (upgradeToSsl), not when the connection opens.
            netOptions.setSsl(false).setKeyCertOptions(options.tls());
        }
        server = vertx.createNetServer(netOptions).connectHandler(this::accepted);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen for PostgreSQL clients on " + options.host() + ":" + options.port()
                    + ": " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        LOG.infof("PostgreSQL wire protocol on %s:%d (%s)", options.host(), server.actualPort(),
                scram == null ? "no password: the cluster has no client credential" : "SCRAM-SHA-256");
        return server.actualPort();
    }

    public int port() {
        return server.actualPort();
    }

    /** Connections open now (authenticated or not). */
    public int connectionCount() {
        return connections.size();
    }

    private void accepted(NetSocket socket) {
        int pid = nextProcessId.getAndIncrement();
        PgConnection c = new PgConnection(this, socket, new SerialQueue(pool), pid, RANDOM.nextInt());
        connections.put(pid, c);
        c.start();
    }

    /** Reports every statement run from now on to {@code listener}. */
    public void onStatement(StatementListener listener) {
        this.statementListener = listener == null ? StatementListener.NONE : listener;
    }

    // ---- for connections ---------------------------------------------------------------------------------------

    StatementListener statementListener() {
        return statementListener;
    }

    PgWireOptions options() {
        return options;
    }

    SqlEngine engine() {
        return engine.get();
    }

    ScramSha256 scram() {
        return scram;
    }

    ClientCatalogQueries catalogQueries() {
        ClientCatalogQueries c = catalogQueries;
        if (c == null) {
            c = new ClientCatalogQueries(engine.get());
            catalogQueries = c;
        }
        return c;
    }

    /** Counts a connection that finished its start-up message; false when the server is full. */
    boolean admit(PgConnection c) {
        if (admitted.incrementAndGet() > options.maxConnections()) {
            admitted.decrementAndGet();
            return false;
        }
        admittedIds.add(c.processId());
        return true;
    }

    private final java.util.Set<Integer> admittedIds = ConcurrentHashMap.newKeySet();

    void released(PgConnection c) {
        if (connections.remove(c.processId(), c) && admittedIds.remove(c.processId())) {
            admitted.decrementAndGet();
        }
    }

    /** A cancel request: the key must match, else it is ignored (PostgreSQL says nothing either way). */
    void cancel(int processId, int secretKey) {
        PgConnection target = connections.get(processId);
        if (target != null && target.secretKey() == secretKey) {
            target.cancelRunning();
        }
    }

    @Override
    public void close() {
        if (server != null) {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debugf("closing the PostgreSQL listener: %s", e.getMessage());
            }
        }
        for (PgConnection c : connections.values()) {
            c.shutdown();
        }
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
