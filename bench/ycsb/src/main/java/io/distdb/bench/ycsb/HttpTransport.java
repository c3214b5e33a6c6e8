package io.distdb.bench.ycsb;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.BasicHttpClientConnectionManager;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One HTTP/1.1 keep-alive connection to a node, for one client thread: a request with an optional JSON
 * body, and the status and body of the reply. Two clients, because the client's CPU is taken from the
 * same two cores the server runs on: Apache HttpClient 5 classic does the whole exchange on the calling
 * thread; {@code java.net.http} hands every exchange to its selector thread and back.
 */
interface HttpTransport extends Closeable {

    record Reply(int status, byte[] body) {
    }

    Reply send(String method, String pathAndQuery, byte[] jsonBody) throws IOException;

    static HttpTransport create(String kind, String baseUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return switch (kind) {
            case "apache" -> apache(base);
            case "jdk" -> jdk(base);
            default -> throw new IllegalArgumentException("distdb.http must be apache or jdk, not " + kind);
        };
    }

    private static HttpTransport apache(String base) {
        // One connection, no pool: each YCSB thread owns its client.
        CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(new BasicHttpClientConnectionManager())
                .disableCookieManagement()
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .build();
        return new HttpTransport() {
            @Override
            public Reply send(String method, String pathAndQuery, byte[] jsonBody) throws IOException {
                HttpUriRequestBase request = new HttpUriRequestBase(method, URI.create(base + pathAndQuery));
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

    private static HttpTransport jdk(String base) {
        // A direct executor completes responses on the selector thread, saving one more thread hop.
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Runnable::run)
                .build();
        return new HttpTransport() {
            @Override
            public Reply send(String method, String pathAndQuery, byte[] jsonBody) throws IOException {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                        .timeout(Duration.ofSeconds(30));
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
