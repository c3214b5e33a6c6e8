package io.distdb.e2e;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * HTTP requests sent from inside a pod, so they take the cluster's own paths (DNS, Service
 * virtual IPs, kube-proxy). The pod's image needs bash (its /dev/tcp): every image built
 * on the project's Java runtime base has it.
 */
public final class InClusterHttp {

    /** Status code and body of a response. */
    public record Response(int status, String body) {
    }

    private final K3sCluster cluster;
    private final String namespace;
    private final String pod;

    public InClusterHttp(K3sCluster cluster, String namespace, String pod) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.pod = pod;
    }

    public Response get(String host, int port, String path) {
        return send("GET", host, port, path, null);
    }

    public Response put(String host, int port, String path, String json) {
        return send("PUT", host, port, path, json);
    }

    public Response send(String method, String host, int port, String path, String json) {
        return send(method, host, port, path, json, Map.of());
    }

    /** One HTTP/1.0 request (the server closes the connection after its answer). */
    public Response send(String method, String host, int port, String path, String json, Map<String, String> headers) {
        StringBuilder request = new StringBuilder()
                .append(method).append(' ').append(path).append(" HTTP/1.0\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("Accept: application/json\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        if (json != null) {
            request.append("Content-Type: application/json\r\n")
                    .append("Content-Length: ").append(json.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        }
        request.append("\r\n");
        if (json != null) {
            request.append(json);
        }
        String script = "exec 3<>/dev/tcp/\"$1\"/\"$2\" && printf '%s' \"$3\" >&3 && cat <&3";
        String raw = cluster.execInPod(namespace, pod, "bash", "-c", script, "http",
                host, Integer.toString(port), request.toString());
        int headerEnd = raw.indexOf("\r\n\r\n");
        String statusLine = raw.lines().findFirst().orElse("");
        String[] parts = statusLine.split(" ");
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IllegalStateException("not an HTTP response from " + host + ":" + port + path + ": " + raw);
        }
        return new Response(Integer.parseInt(parts[1]), headerEnd < 0 ? "" : raw.substring(headerEnd + 4));
    }
}
