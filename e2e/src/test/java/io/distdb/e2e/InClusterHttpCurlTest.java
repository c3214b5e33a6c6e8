package io.distdb.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link InClusterHttp#tls}'s curl command run on this machine, against a local HTTPS server, in place of a pod with
 * the client Secret mounted: the directory holds the same {@code ca.crt} and {@code token}. Needs bash and curl here
 * (the CI machine has both); the certificates are made with the JDK's keytool.
 */
class InClusterHttpCurlTest {

    private static final String TOKEN = "tok-3f9c";

    /** What the server saw of a request. */
    record Seen(String method, String path, String authorization, String contentType, String body) {
    }

    @TempDir
    static Path keys;
    private static SSLContext trustedServer;
    private static SSLContext otherServer;
    private static String trustedPem;

    @TempDir
    Path clientDir;
    private HttpsServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        assertTrue(runs("curl", "--version") && runs("bash", "--version"), "bash and curl are needed on this machine (.ci/run installs curl)");
        KeyStore trusted = selfSigned("trusted");
        trustedServer = serverContext(trusted);
        otherServer = serverContext(selfSigned("other"));
        trustedPem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(trusted.getCertificate("server").getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    private void startServer(SSLContext tls) throws IOException {
        Files.writeString(clientDir.resolve("ca.crt"), trustedPem);
        Files.writeString(clientDir.resolve("token"), TOKEN + "\n"); // a Secret's file may end with a line feed
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String path = exchange.getRequestURI().getPath();
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            String answer;
            int status;
            switch (path) {
                case "/lines":
                    status = 200;
                    answer = "{\"a\":1,\n \"b\":\"two\"}\n\n";
                    break;
                case "/empty":
                    status = 204;
                    answer = "";
                    break;
                case "/missing":
                    status = 404;
                    answer = "{\"error\":\"no such key\"}";
                    break;
                default:
                    status = 200;
                    answer = "echo:" + body;
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    /** The HTTPS client, its commands run here instead of in a pod. */
    private InClusterHttp http() {
        return new InClusterHttp(InClusterHttpCurlTest::runHere, clientDir.toString());
    }

    private int port() {
        return server.getAddress().getPort();
    }

    @Test
    void getReturnsStatusAndABodyWithLineFeedsAsSent() throws IOException {
        startServer(trustedServer);

        InClusterHttp.Response response = http().get("localhost", port(), "/lines");

        assertEquals(new InClusterHttp.Response(200, "{\"a\":1,\n \"b\":\"two\"}\n\n"), response);
        Seen request = seen.get(0);
        assertEquals("GET", request.method());
        assertEquals("Bearer " + TOKEN, request.authorization(), "the token from the file, without its line feed");
        assertEquals("", request.body());
    }

    @Test
    void anEmptyBodyIsEmpty() throws IOException {
        startServer(trustedServer);

        assertEquals(new InClusterHttp.Response(204, ""), http().send("DELETE", "localhost", port(), "/empty", null));
        assertEquals(new InClusterHttp.Response(404, "{\"error\":\"no such key\"}"),
                http().get("localhost", port(), "/missing"));
        assertEquals("DELETE", seen.get(0).method());
    }

    @Test
    void putSendsTheJsonBodyAndHeaders() throws IOException {
        startServer(trustedServer);
        String json = "{\"sql\":\"SELECT 'it''s' AS \\\"q\\\", $1\",\n \"x\":\"$(touch /tmp/no) `id` %s\"}";

        InClusterHttp.Response response = http().send("PUT", "localhost", port(), "/api/v1/kv/cafe01", json,
                Map.of("X-DistDB-Consistency", "ALL"));

        assertEquals(new InClusterHttp.Response(200, "echo:" + json), response);
        Seen request = seen.get(0);
        assertEquals("PUT", request.method());
        assertEquals("/api/v1/kv/cafe01", request.path());
        assertEquals("application/json", request.contentType());
        assertEquals(json, request.body(), "the body byte for byte, nothing expanded");
        assertEquals("Bearer " + TOKEN, request.authorization());
    }

    @Test
    void anAuthorizationHeaderReplacesTheTokenAndAnEmptyOneSendsNone() throws IOException {
        startServer(trustedServer);

        http().send("GET", "localhost", port(), "/a", null, Map.of("Authorization", "Bearer wrong"));
        http().send("GET", "localhost", port(), "/b", null, Map.of("Authorization", ""));

        assertEquals("Bearer wrong", seen.get(0).authorization());
        assertNull(seen.get(1).authorization());
    }

    @Test
    void theTokenIsOnNoCommandLine() throws IOException {
        startServer(trustedServer);
        String[] command = http().curlCommand("PUT", "https://localhost:" + port() + "/x", "{}", Map.of());

        assertTrue(Arrays.stream(command).noneMatch(argument -> argument.contains(TOKEN)), Arrays.toString(command));
        assertTrue(http().https());
        assertFalse(new InClusterHttp(null, "ns", "pod").https());
    }

    @Test
    void aServerCertificateOfAnotherCaIsRefused() throws IOException {
        startServer(otherServer);

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> http().get("localhost", port(), "/lines"));

        assertTrue(refused.getMessage().contains("curl: (60)"), refused.getMessage());
        assertTrue(seen.isEmpty());
    }

    @Test
    void aHostTheCertificateDoesNotNameIsRefused() throws IOException {
        startServer(trustedServer);

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> http().get("127.0.0.1", port(), "/lines"));

        assertTrue(refused.getMessage().contains("curl: (60)"), refused.getMessage());
        assertFalse(refused.getMessage().contains(TOKEN), refused.getMessage());
    }

    /** What {@link K3sCluster#execInPod} does, on this machine: standard output, or an exception on a non-zero exit. */
    private static String runHere(String... command) {
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            byte[] out = readAll(process.getInputStream());
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            String stdout = new String(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ": "
                        + stdout + new String(err.join(), StandardCharsets.UTF_8));
            }
            return stdout;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            readAll(process.getInputStream());
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A self-signed certificate for {@code localhost} (its own CA), made by the JDK's keytool, in a PKCS12 store. */
    private static KeyStore selfSigned(String name) throws Exception {
        Path store = keys.resolve(name + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        String out = runHere(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost, O=" + name, "-ext", "SAN=dns:localhost", "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, "changeit".toCharArray());
        }
        assertTrue(keyStore.containsAlias("server"), out);
        return keyStore;
    }

    private static SSLContext serverContext(KeyStore store) throws Exception {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        return context;
    }
}
