package io.distdb.writer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code https://} targets: the CA of {@code --ca-file} is trusted, any other certificate (or host name) is not. */
class TlsTest {

    private static final TestCerts.Issued CLUSTER_CA = TestCerts.ca("distdb cluster CA");
    private static final TestCerts.Issued OTHER_CA = TestCerts.ca("another CA");

    @TempDir
    Path dir;

    private Path caFile(TestCerts.Issued... cas) throws IOException {
        StringBuilder pem = new StringBuilder();
        for (TestCerts.Issued ca : cas) {
            pem.append(ca.pem());
        }
        return Files.writeString(dir.resolve("ca.crt"), pem);
    }

    private static FakeNode httpsNode(TestCerts.Issued ca, String... names) throws IOException {
        return new FakeNode(TestCerts.serverContext(TestCerts.server(ca, names), ca));
    }

    @Test
    void writesAndVerifiesOverHttpsTrustingTheCaOfTheCaFile() throws IOException {
        try (FakeNode node = httpsNode(CLUSTER_CA, "127.0.0.1", "localhost")) {
            node.requiredToken = "s3cret";
            Path token = Files.writeString(dir.resolve("token"), "s3cret\n");
            // A bundle, as a ca.crt may be during a CA rotation: the cluster's CA is the second certificate.
            Path ca = caFile(OTHER_CA, CLUSTER_CA);
            Path log = dir.resolve("writes.log");
            assertTrue(node.target().startsWith("https://"), node.target());

            Cli.Result write = Cli.run("write", "--target", node.target(), "--rate", "50", "--duration", "1",
                    "--ca-file", ca.toString(), "--token-file", token.toString(), "--log", log.toString());

            assertEquals(0, write.exit(), write.err());
            List<LogRecord> records = LogFile.records(log);
            assertFalse(records.isEmpty());
            assertTrue(records.stream().allMatch(LogRecord::ok), records.toString());
            assertEquals(records.size(), node.stored.size());

            Cli.Result verify = Cli.run("verify", "--target", node.target(), "--ca-file", ca.toString(),
                    "--token-file", token.toString(), "--log", log.toString());

            assertEquals(0, verify.exit(), verify.err());
            assertTrue(verify.out().startsWith("{\"acknowledged\":" + records.size() + ",\"found\":" + records.size()
                    + ","), verify.out());
            assertEquals("", verify.err());
        }
    }

    @Test
    void refusesAServerCertificateOfAnotherCaWithAClearError() throws IOException {
        try (FakeNode node = httpsNode(OTHER_CA, "127.0.0.1", "localhost")) {
            Path ca = caFile(CLUSTER_CA);
            Path log = dir.resolve("writes.log");

            Cli.Result write = Cli.run("write", "--target", node.target(), "--rate", "20", "--duration", "1",
                    "--ca-file", ca.toString(), "--log", log.toString());

            // A write that gets no answer is logged and the writer carries on, as for a refused connection.
            assertEquals(0, write.exit(), write.err());
            List<LogRecord> records = LogFile.records(log);
            assertFalse(records.isEmpty());
            assertTrue(records.stream().allMatch(r -> !r.ok() && r.reason().equals("SSLHandshakeException")),
                    records.toString());
            assertTrue(node.requests().isEmpty(), "no request got through: " + node.requests());
            String explained = "distdb-writer: TLS handshake with " + node.target() + " failed: ";
            assertTrue(write.err().contains(explained), write.err());
            assertTrue(write.err().contains("PKIX path"), "says the certificate is not trusted: " + write.err());
            assertEquals(1, write.err().split(explained, -1).length - 1, "explained once: " + write.err());

            Path acknowledged = Files.writeString(dir.resolve("acknowledged.log"),
                    LogRecord.ok("k-1", 1_000, 900).format() + "\n");
            Cli.Result verify = Cli.verifyQuickly("--target", node.target(), "--ca-file", ca.toString(),
                    "--log", acknowledged.toString());

            assertEquals(1, verify.exit());
            assertEquals("{\"acknowledged\":1,\"found\":0,\"missing\":0,\"wrong\":0,\"failed\":1,\"examples\":[\"k-1\"]}\n",
                    verify.out());
            assertTrue(verify.err().contains(explained), verify.err());
        }
    }

    @Test
    void refusesACertificateThatDoesNotNameTheTargetHost() throws IOException {
        try (FakeNode node = httpsNode(CLUSTER_CA, "demo.other-namespace.svc")) {
            Path log = dir.resolve("writes.log");

            Cli.Result write = Cli.run("write", "--target", node.target(), "--rate", "20", "--duration", "1",
                    "--ca-file", caFile(CLUSTER_CA).toString(), "--log", log.toString());

            assertEquals(0, write.exit(), write.err());
            assertTrue(LogFile.records(log).stream().noneMatch(LogRecord::ok), LogFile.records(log).toString());
            assertTrue(node.requests().isEmpty(), node.requests().toString());
            assertTrue(write.err().contains("127.0.0.1"), write.err());
        }
    }

    @Test
    void withoutACaFileTrustsOnlyTheJdkTrustStore() throws IOException {
        try (FakeNode node = httpsNode(CLUSTER_CA, "127.0.0.1")) {
            Path log = dir.resolve("writes.log");

            Cli.Result write = Cli.run("write", "--target", node.target(), "--rate", "20", "--duration", "1",
                    "--log", log.toString());

            assertEquals(0, write.exit(), write.err());
            assertTrue(LogFile.records(log).stream().noneMatch(LogRecord::ok), LogFile.records(log).toString());
            assertTrue(write.err().contains("PKIX path"), write.err());
        }
    }

    @Test
    void rejectsACaFileWithoutCertificates() throws IOException {
        String missing = dir.resolve("missing.crt").toString();
        String notPem = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n").toString();
        String empty = Files.writeString(dir.resolve("empty.crt"), "").toString();
        String log = dir.resolve("w.log").toString();

        assertUsageError("cannot read CA file " + missing,
                "write", "--target", "https://n:8080", "--ca-file", missing, "--log", log);
        assertUsageError("CA file " + notPem + " is not PEM X.509 certificates",
                "verify", "--target", "https://n:8080", "--ca-file", notPem, "--log", log);
        assertUsageError("CA file " + empty + " holds no certificate",
                "write", "--target", "https://n:8080", "--ca-file", empty, "--log", log);
        assertTrue(Cli.run("write", "--help").out().contains("--ca-file F"));
        assertTrue(Cli.run("verify", "--help").out().contains("--ca-file F"));
    }

    private static void assertUsageError(String expectedMessage, String... args) {
        Cli.Result result = Cli.run(args);
        assertEquals(2, result.exit(), result.err());
        assertTrue(result.err().contains(expectedMessage), "expected '" + expectedMessage + "' in: " + result.err());
    }
}
