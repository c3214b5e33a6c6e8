package io.distdb.bench.ycsb;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.BasicHttpClientConnectionManager;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

import javax.net.ssl.SSLContext;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * One HTTP/1.1 keep-alive connection to a node, for one client thread: a request with an optional JSON
 * body, and the status and body of the reply. Two clients, because the client's CPU is taken from the
 * same two cores the server runs on: Apache HttpClient 5 classic does the whole exchange on the calling
 * thread; {@code java.net.http} hands every exchange to its selector thread and back.
 *
 * <p>For an https URL both use the given {@link SSLContext} (one trusting the node's CA) and check the node's
 * name against its certificate; the one connection is kept alive, so a thread does one TLS handshake and then
 * pays only for encrypting and decrypting its requests, as a pooled client does.
 */
interface HttpTransport extends Closeable {

    record Reply(int status, byte[] body) {
    }

    Reply send(String method, String pathAndQuery, byte[] jsonBody) throws IOException;

    static HttpTransport create(String kind, String baseUrl) {
        return create(kind, baseUrl, null);
    }

    /** {@code tls}: the context of https connections (null: the JDK's default). */
    static HttpTransport create(String kind, String baseUrl, SSLContext tls) {
        return create(kind, baseUrl, tls, Map.of());
    }

    /** {@code headers}: sent with every request (the consistency level of a cluster run). */
    static HttpTransport create(String kind, String baseUrl, SSLContext tls, Map<String, String> headers) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return switch (kind) {
            case "apache" -> apache(base, tls, headers);
            case "jdk" -> jdk(base, tls, headers);
            default -> throw new IllegalArgumentException("distdb.http must be apache or jdk, not " + kind);
        };
    }

    private static HttpTransport apache(String base, SSLContext tls, Map<String, String> headers) {
        // One connection, no pool: each YCSB thread owns its client.
        BasicHttpClientConnectionManager connections = tls == null ? new BasicHttpClientConnectionManager()
                : BasicHttpClientConnectionManager.create(RegistryBuilder.<TlsSocketStrategy>create()
                        .register("https", new DefaultClientTlsStrategy(tls)).build());
        CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(connections)
                .disableCookieManagement()
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .build();
        return new HttpTransport() {
            @Override
            public Reply send(String method, String pathAndQuery, byte[] jsonBody) throws IOException {
                HttpUriRequestBase request = new HttpUriRequestBase(method, URI.create(base + pathAndQuery));
                headers.forEach(request::setHeader);
                if (jsonBody != null) {
                    request.setEntity(new ByteArrayEntity(jsonBody, ContentType.APPLICATION_JSON));
                }
                return client.execute(request, response -> {
                    HttpEntity entity = response.getEntity();
                    return new Reply(response.getCode(), entity == null ? new byte[0] : EntityUtils.toByteArray(entity));
                });
            }

            @Override
            public void close() throws IOException {
                client.close();
            }
        };
    }

    private static HttpTransport jdk(String base, SSLContext tls, Map<String, String> headers) {
        // A direct executor completes responses on the selector thread, saving one more thread hop.
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Runnable::run);
        if (tls != null) {
            builder.sslContext(tls);
        }
        HttpClient client = builder.build();
        return new HttpTransport() {
            @Override
            public Reply send(String method, String pathAndQuery, byte[] jsonBody) throws IOException {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                        .timeout(Duration.ofSeconds(30));
                headers.forEach(request::header);
                if (jsonBody != null) {
                    request.header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofByteArray(jsonBody));
                } else {
                    request.method(method, HttpRequest.BodyPublishers.noBody());
                }
                try {
                    HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                    return new Reply(response.statusCode(), response.body());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }

            @Override
            public void close() {
                // java.net.http on JDK 17 has no close; its connection goes with the client.
            }
        };
    }
}
