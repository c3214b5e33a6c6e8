package io.distdb.writer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/** The two calls of the node's key-value API the tool makes: {@code PUT} and {@code GET /api/v1/kv/{hexKey}}. */
final class NodeClient {

    static final String CONSISTENCY_HEADER = "X-DistDB-Consistency";
    /** Distinct TLS handshake failures reported on standard error, at most. */
    static final int MAX_TLS_REPORTS = 5;

    private final HttpClient http;
    private final String target;
    private final String consistency;
    private final String token;
    private final Duration timeout;
    private final PrintStream err;
    private final Set<String> reportedTlsFailures = ConcurrentHashMap.newKeySet();

    /** A client of a plain-text target, or of an {@code https://} one the JDK's default trust store trusts. */
    NodeClient(String target, String consistency, String token, Duration timeout) {
        this(target, consistency, token, timeout, null, null);
    }

    /**
     * @param target      base URL of a node or of the cluster's Service, e.g. {@code http://distdb:8080} or
     *                    {@code https://distdb:8080}
     * @param consistency {@code ONE}, {@code QUORUM} or {@code ALL}, sent with every request
     * @param token       the client token, or {@code null} when the cluster has none
     * @param timeout     bound for connecting and for the whole request: a node that hangs is an error, not a stall
     * @param tls         the CA certificates to trust for {@code https://} ({@link Tls#trusting}), or {@code null}
     *                    for the JDK's default trust store; the server's host name is verified either way
     * @param err         where a failed TLS handshake is explained (each distinct one once), or {@code null}
     */
    NodeClient(String target, String consistency, String token, Duration timeout, SSLContext tls, PrintStream err) {
        this.target = target;
        this.consistency = consistency;
        this.token = token;
        this.timeout = timeout;
        this.err = err;
        // HTTP/1.1: the JDK client would otherwise try an h2c upgrade on every new plain-text connection.
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    /** The value written under a key: derived from the key, so that a reader can check it without the writer. */
    static String valueFor(String keyText) {
        return "v-" + keyText;
    }

    /** The key's bytes (its UTF-8 text) in hex, as the API wants keys in URLs. */
    static String hexKey(String keyText) {
        return HexFormat.of().formatHex(keyText.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the client token from a file (a mounted Secret), without surrounding white space.
     *
     * @return the token, or {@code null} when {@code file} is {@code null}
     */
    static String readToken(String file) {
        if (file == null) {
            return null;
        }
        try {
            String token = Files.readString(Path.of(file)).strip();
            if (token.isEmpty()) {
                throw new UsageException("token file " + file + " is empty");
            }
            return token;
        } catch (IOException e) {
            throw new UsageException("cannot read token file " + file + ": " + e);
        }
    }

    /**
     * Writes {@link #valueFor(String) the key's value} under {@code keyText}.
     *
     * @return the HTTP status; only 200 means the write was acknowledged
     * @throws IOException when there is no answer (connection refused or reset, timeout)
     */
    int put(String keyText) throws IOException, InterruptedException {
        String body = "{\"content_type\":\"text/plain\",\"encoding\":\"utf-8\",\"value\":"
                + Json.quote(valueFor(keyText)) + "}";
        HttpRequest request = request(keyText)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The answer to a read: its status and, for 200, the stored value (or {@code null} if the body had none). */
    record ReadResult(int status, String value) {
    }

    /**
     * Reads the entry under {@code keyText}.
     *
     * @throws IOException when there is no answer
     */
    ReadResult get(String keyText) throws IOException, InterruptedException {
        HttpRequest request = request(keyText).header("Accept", "application/json").GET().build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            return new ReadResult(response.statusCode(), null);
        }
        String value = null;
        try {
            Map<String, Object> entry = Json.parseObject(response.body());
            if (entry.get("value") instanceof String text) {
                value = text;
            }
        } catch (IllegalArgumentException e) {
            // Not an entry: the value stays null, which the caller counts as a failed read.
        }
        return new ReadResult(200, value);
    }

    /**
     * Sends one request. A failed TLS handshake is still thrown (the caller counts it as a request without an answer),
     * but the first few distinct ones are also explained on standard error: in the write log it is only a class
     * name, and an untrusted certificate fails every request alike.
     */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            SSLHandshakeException handshake = Tls.handshakeFailure(e);
            if (handshake != null && err != null && reportedTlsFailures.size() < MAX_TLS_REPORTS
                    && reportedTlsFailures.add(String.valueOf(handshake.getMessage()))) {
                err.println("distdb-writer: TLS handshake with " + target + " failed: " + handshake.getMessage()
                        + " (the server's certificate must be signed by a CA of --ca-file, or of the JDK's trust"
                        + " store without it, and name the target's host)");
                err.flush();
            }
            throw e;
        }
    }

    private HttpRequest.Builder request(String keyText) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(target + "/api/v1/kv/" + hexKey(keyText)))
                .timeout(timeout)
                .header(CONSISTENCY_HEADER, consistency);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }
}
