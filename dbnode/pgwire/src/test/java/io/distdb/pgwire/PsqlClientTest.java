package io.distdb.pgwire;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL's own terminal client, {@code psql} from Debian's {@code postgresql-client}, runs scripts through
 * the wire protocol (libpq: SCRAM-SHA-256 with the password, the simple query protocol), and its output is
 * compared line by line with what a user of PostgreSQL would see. On CI a missing psql fails the test; elsewhere
 * it is skipped with the reason.
 */
class PsqlClientTest {

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** What a psql run printed. */
    record Run(int exitCode, String out, String err) {
    }

    static Path psql() {
        Path psql = Path.of("/usr/bin/psql");
        if (!Files.isExecutable(psql)) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException("psql is missing: .ci/run installs Debian's postgresql-client");
            }
            Assumptions.abort("psql is not installed (Debian's postgresql-client)");
        }
        return psql;
    }

    /** Runs psql on {@code script} (a resource under psql/) against {@code server}, with {@code extraArgs}. */
    static Run run(TestServer server, String script, String password, String... extraArgs) throws Exception {
        return runWith(server, Map.of(), script, password, extraArgs);
    }

    static Run runWith(TestServer server, Map<String, String> extraEnv, String script, String password, String... extraArgs)
            throws Exception {
        Path dir = Files.createTempDirectory("psql");
        Path file = dir.resolve(script);
        try (InputStream in = PsqlClientTest.class.getResourceAsStream("/psql/" + script)) {
            Files.copy(in, file);
        }
        List<String> command = new ArrayList<>(List.of(psql().toString(), "-X", "-h", "127.0.0.1", "-p",
                String.valueOf(server.port()), "-U", "app", "-d", "distdb", "-f", script));
        command.addAll(List.of(extraArgs));
        ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = b.environment();
        env.put("PGPASSWORD", password);
        env.put("PGCONNECT_TIMEOUT", "10");
        env.remove("PGSERVICE");
        env.putAll(extraEnv);
        b.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        Process p = b.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "psql finished");
        return new Run(p.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
    }

    /**
     * PostgreSQL's errors without psql's {@code LINE n:} and caret lines, which psql prints for errors that carry a
     * position in the statement: DistDB gives positions for syntax errors only, not for unknown names or bad
     * literals (see docs/postgres.md).
     */
    static String withoutErrorContext(String err) {
        StringBuilder out = new StringBuilder();
        String[] lines = err.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("LINE ") && i + 1 < lines.length && lines[i + 1].trim().equals("^")) {
                i++;
                continue;
            }
            out.append(lines[i]).append(i < lines.length - 1 ? "\n" : "");
        }
        return out.toString();
    }

    static String resource(String name) throws IOException {
        try (InputStream in = PsqlClientTest.class.getResourceAsStream("/psql/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aScriptPrintsWhatPostgresqlWouldPrint() throws Exception {
        // session.out and session.err are what psql 15 printed for the same script against PostgreSQL 15.
        Run run = run(server, "session.sql", TestServer.PASSWORD);
        assertEquals(resource("session.out"), run.out());
        assertEquals(withoutErrorContext(resource("session.err")), run.err());
        assertEquals(0, run.exitCode());
    }

    @Test
    void aClientThatRequiresTlsGetsItWhenACertificateIsConfigured() throws Exception {
        Path dir = Files.createTempDirectory("pgtls");
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "pg", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit").redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool made a certificate");
        PgWireOptions options = PgWireOptions.defaults("127.0.0.1", 0).withPassword(TestServer.PASSWORD)
                .withTls(new io.vertx.core.net.PfxOptions().setPath(keystore.toString()).setPassword("changeit"));
        try (TestServer tls = TestServer.start(options)) {
            // psql's own report of the connection: libpq with sslmode=require refuses to go on without TLS.
            Run info = runWith(tls, Map.of("PGSSLMODE", "require"), "tls.sql", TestServer.PASSWORD);
            assertEquals(" channel  \n----------\n over TLS\n(1 row)\n\n", info.out());
            assertEquals(0, info.exitCode(), info.err());
        }
        // Without a certificate, a client that requires TLS is told no, and gives up.
        Run refused = runWith(server, Map.of("PGSSLMODE", "require"), "tls.sql", TestServer.PASSWORD);
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("server does not support SSL"), refused.err());
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        Run run = run(server, "session.sql", "wrong password");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("password authentication failed for user \"app\""), run.err());
    }
}
