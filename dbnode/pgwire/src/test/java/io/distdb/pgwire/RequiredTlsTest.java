package io.distdb.pgwire;

import io.vertx.core.net.PfxOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A listener that requires TLS (a node with TLS on every port) serves clients that switch to TLS, and tells one
 * that does not, in its own words, why it is refused: FATAL, SQLSTATE 28000, and the connection closed.
 */
class RequiredTlsTest {

    private static final String REFUSAL = "this server requires TLS: connect with sslmode=require or stronger";

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("pgtls-required");
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "pg", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit").redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool made a certificate");
        server = TestServer.start(PgWireOptions.defaults("127.0.0.1", 0).withPassword(TestServer.PASSWORD)
                .withRequiredTls(new PfxOptions().setPath(keystore.toString()).setPassword("changeit")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aClientOverTlsIsServed() throws Exception {
        Properties tls = new Properties();
        tls.setProperty("sslmode", "require");
        try (Connection c = server.connect(tls); ResultSet rs = c.createStatement().executeQuery("SELECT 1 + 1")) {
            assertTrue(rs.next());
            assertEquals(2, rs.getInt(1));
        }
    }

    @Test
    void aPlainTextClientIsRefusedWith28000() {
        Properties plain = new Properties();
        plain.setProperty("sslmode", "disable");
        PSQLException refused = assertThrows(PSQLException.class, () -> server.connect(plain).close());
        assertEquals("28000", refused.getSQLState());
        assertTrue(refused.getMessage().contains(REFUSAL), refused.getMessage());
    }

    @Test
    void psqlWithoutTlsIsToldWhy() throws Exception {
        PsqlClientTest.Run refused = PsqlClientTest.runWith(server, Map.of("PGSSLMODE", "disable"), "tls.sql", TestServer.PASSWORD);
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("FATAL:  " + REFUSAL), refused.err());
        PsqlClientTest.Run served = PsqlClientTest.runWith(server, Map.of("PGSSLMODE", "require"), "tls.sql", TestServer.PASSWORD);
        assertEquals(" channel  \n----------\n over TLS\n(1 row)\n\n", served.out());
    }
}
