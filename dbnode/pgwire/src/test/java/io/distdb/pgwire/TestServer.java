package io.distdb.pgwire;

import io.distdb.sql.SqlEngine;
import io.distdb.sql.runtime.SqlSettings;
import io.distdb.storage.Durability;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A real PostgreSQL wire listener over a real standalone SQL engine (an LSM store in a temporary directory),
 * on a free port of the loopback interface, for tests with real clients.
 */
public final class TestServer implements AutoCloseable {

    public static final String PASSWORD = "s3cret-client-token";

    private final Path dir;
    private final LsmStore store;
    private final Vertx vertx;
    private final SqlEngine engine;
    private final PgWireServer server;
    private final String password;

    private TestServer(PgWireOptions options, SqlSettings settings) throws IOException {
        this.dir = Files.createTempDirectory("pgwire-test");
        this.store = LsmStore.open(dir, LsmOptions.builder().durability(Durability.NONE).build());
        this.engine = SqlEngine.standalone(store, settings);
        this.vertx = Vertx.vertx();
        this.password = options.password();
        this.server = new PgWireServer(vertx, engine, options);
        server.start();
    }

    /** A server that asks for {@link #PASSWORD}. */
    public static TestServer start() throws IOException {
        return start(PgWireOptions.defaults("127.0.0.1", 0).withPassword(PASSWORD));
    }

    public static TestServer start(PgWireOptions options) throws IOException {
        return new TestServer(options, SqlSettings.defaults());
    }

    public static TestServer start(PgWireOptions options, SqlSettings settings) throws IOException {
        return new TestServer(options, settings);
    }

    public int port() {
        return server.port();
    }

    public PgWireServer server() {
        return server;
    }

    public SqlEngine engine() {
        return engine;
    }

    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/distdb";
    }

    /** A pgjdbc connection with the right password. */
    public Connection connect() throws SQLException {
        return connect(new Properties());
    }

    public Connection connect(Properties extra) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "app");
        if (password != null) {
            p.setProperty("password", password);
        }
        p.putAll(extra);
        return DriverManager.getConnection(url(), p);
    }

    @Override
    public void close() throws IOException {
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
