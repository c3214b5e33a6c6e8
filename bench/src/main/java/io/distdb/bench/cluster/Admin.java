package io.distdb.bench.cluster;

import io.distdb.bench.cluster.LocalNodes.Node;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The admin API calls of a scale-up, as the operator makes them, with the bearer token every node shares; to a node
 * with TLS over mutual TLS, presenting the operator's certificate.
 */
final class Admin {

    /** {@code GET /admin/v1/rebalance}. */
    record Rebalance(long epoch, String state, long rangesTotal, long rangesDone, long bytesMoved, long bytesTotal,
                     String error) {
        static Rebalance of(String body) {
            return new Rebalance(Json.number(body, "epoch"), Json.string(body, "state"), Json.number(body, "rangesTotal", 0),
                    Json.number(body, "rangesDone", 0), Json.number(body, "bytesMoved", 0),
                    Json.number(body, "bytesTotal", 0), Json.string(body, "error"));
        }
    }

    /** {@code GET /admin/v1/data}. */
    record Data(long epoch, long keys, long tombstones, long keysNotOwned, long hintsPending) {
        static Data of(String body) {
            return new Data(Json.number(body, "epoch"), Json.number(body, "keys"), Json.number(body, "tombstones"),
                    Json.number(body, "keysNotOwned"), Json.number(body, "hintsPending"));
        }
    }

    /** A topology member: id, the node it is, and its state (NORMAL, JOINING, LEAVING). */
    record Member(Node node, String state) {
    }

    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** For nodes with TLS; null if there are none. */
    private final HttpClient https;

    Admin(String token) {
        this(token, null);
    }

    /** {@code operatorContext}: the operator's TLS identity, for nodes with TLS (null: none of them has it). */
    Admin(String token, SSLContext operatorContext) {
        this.token = token;
        this.https = operatorContext == null ? null : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(operatorContext).connectTimeout(Duration.ofSeconds(5)).build();
    }

    long topologyEpoch(Node node) throws IOException, InterruptedException {
        return Json.number(call(node, "GET", "/admin/v1/topology", null), "epoch");
    }

    void putTopology(Node node, long epoch, int rf, int vnodes, List<Member> members) throws IOException, InterruptedException {
        String body = "{\"epoch\":" + epoch + ",\"replicationFactor\":" + rf + ",\"vnodes\":" + vnodes + ",\"members\":["
                + members.stream().map(m -> "{\"id\":" + Json.quote(m.node().id) + ",\"address\":"
                        + Json.quote(m.node().adminAddress()) + ",\"state\":" + Json.quote(m.state()) + "}")
                .collect(Collectors.joining(",")) + "]}";
        call(node, "PUT", "/admin/v1/topology", body);
    }

    void startRebalance(Node node, long epoch) throws IOException, InterruptedException {
        call(node, "POST", "/admin/v1/rebalance?epoch=" + epoch, "");
    }

    Rebalance rebalance(Node node) throws IOException, InterruptedException {
        return Rebalance.of(call(node, "GET", "/admin/v1/rebalance", null));
    }

    Data data(Node node) throws IOException, InterruptedException {
        return Data.of(call(node, "GET", "/admin/v1/data", null));
    }

    private String call(Node node, String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.adminUri() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = (node.tls ? https : http).send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + " on " + node.id + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }
}
