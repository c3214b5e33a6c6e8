package io.distdb.server.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Plain JSON over HTTP for the cluster tests: one request, one answer, no retries. Connection failures
 * come back as status 0 rather than as exceptions, so that callers can treat "refused", "timed out" and
 * "answered 503" alike when they only care whether a request was acknowledged.
 */
public final class JsonHttp {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String CONSISTENCY = "X-DistDB-Consistency";

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Duration timeout;

    public JsonHttp(Duration timeout) {
        this.timeout = timeout;
    }

    /** An answer: the status (0 when there was none) and the body as JSON (missing when it is not JSON). */
    public record Answer(int status, JsonNode body, String text, String failure) {

        public boolean ok() {
            return status / 100 == 2;
        }

        @Override
        public String toString() {
            return status == 0 ? "no answer (" + failure + ")" : status + " " + text;
        }
    }

    public Answer get(String uri, String... headers) {
        return send(builder(uri, headers).GET());
    }

    public Answer put(String uri, Object body, String... headers) {
        return send(builder(uri, headers).header("Content-Type", "application/json").PUT(json(body)));
    }

    public Answer post(String uri, Object body, String... headers) {
        return send(builder(uri, headers).header("Content-Type", "application/json").POST(json(body)));
    }

    public Answer postEmpty(String uri, String... headers) {
        return send(builder(uri, headers).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Answer delete(String uri, Object body, String... headers) {
        return send(builder(uri, headers).header("Content-Type", "application/json").method("DELETE", json(body)));
    }

    private HttpRequest.Builder builder(String uri, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri)).timeout(timeout)
                .header("Accept", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private static HttpRequest.BodyPublisher json(Object body) {
        try {
            byte[] bytes = body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
            return HttpRequest.BodyPublishers.ofByteArray(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Answer send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Answer(0, MissingNode.getInstance(), "", request.method() + " " + request.uri() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, MissingNode.getInstance(), "", request.method() + " " + request.uri() + ": interrupted");
        }
        JsonNode body;
        try {
            body = response.body().isEmpty() ? MissingNode.getInstance() : JSON.readTree(response.body());
        } catch (IOException notJson) {
            body = MissingNode.getInstance();
        }
        return new Answer(response.statusCode(), body, response.body(), null);
    }
}
