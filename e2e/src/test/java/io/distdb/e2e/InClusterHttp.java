package io.distdb.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HTTP requests sent from inside a pod, so they take the cluster's own paths (DNS, Service
 * virtual IPs, kube-proxy). Two ways:
 * <ul>
 *   <li>plain HTTP/1.0 through bash's /dev/tcp ({@link #InClusterHttp(K3sCluster, String, String)}): the pod's
 *       image needs bash, which every image built on the project's Java runtime base has;</li>
 *   <li>HTTPS with curl ({@link #tls}), in a pod with a cluster's client Secret mounted (see {@link ClientPods}):
 *       the server's certificate is checked against the Secret's {@code ca.crt} and its host name against the
 *       URL's, and every request carries {@code Authorization: Bearer} with the Secret's {@code token}, read inside
 *       the pod so that it never appears on a command line or in the test's output. The image needs bash and curl:
 *       {@code distdb/psql:17} has both.</li>
 * </ul>
 * A request that gets no HTTP answer (refused, timed out, a TLS handshake that fails) throws
 * {@link IllegalStateException} with what the pod printed.
 */
public final class InClusterHttp {

    /** Status code and body of a response. */
    public record Response(int status, String body) {
    }

    /** Runs a command where the requests start (a pod) and returns its standard output; throws on a non-zero exit. */
    @FunctionalInterface
    interface Exec {
        String run(String... command);
    }

    /**
     * The HTTPS request, as a bash script run with the arguments: client directory, method, URL, whether to send
     * the client token (1/0), whether there is a body (1/0), the body, then header lines. curl reads the token's
     * header from a pipe ({@code -H @file}, filled by bash's builtin printf), so the token is in no process's
     * arguments; the body goes through standard input. Standard output is the body, a line feed and the status
     * code ({@code -w}), so that a body with line feeds of its own, or none at all, splits at the last line feed.
     */
    static final String CURL_SCRIPT = """
            dir=$1 method=$2 url=$3 token=$4 has_body=$5 body=$6; shift 6
            args=(-sS --max-time 60 --cacert "$dir/ca.crt" -X "$method" -H 'Accept: application/json')
            for header in "$@"; do args+=(-H "$header"); done
            if [ "$has_body" = 1 ]; then
              args+=(-H 'Content-Type: application/json' --data-binary @-)
            fi
            send() { printf '%s' "$body" | curl "${args[@]}" "$@" -w '\\n%{http_code}' "$url"; }
            # The pipe of <(...) is open only while its own command runs: on curl's command line, not in args.
            if [ "$token" = 1 ]; then
              send -H @<(printf 'Authorization: Bearer %s\\n' "$(cat "$dir/token")")
            else
              send
            fi
            """;

    private final Exec exec;
    /** Where the client Secret is mounted in the pod, or {@code null} for plain HTTP. */
    private final String clientDir;

    /** Plain HTTP from {@code pod}. */
    public InClusterHttp(K3sCluster cluster, String namespace, String pod) {
        this(command -> cluster.execInPod(namespace, pod, command), null);
    }

    InClusterHttp(Exec exec, String clientDir) {
        this.exec = exec;
        this.clientDir = clientDir;
    }

    /**
     * HTTPS from {@code pod}, with the client Secret ({@code ca.crt}, {@code token}) mounted at {@code clientDir},
     * e.g. {@link ClientPods#CLIENT_DIR}. The host of a request must be a name the server's certificate holds
     * (the client Service {@code <cluster>[.<ns>[.svc[.cluster.local]]]}, or a pod's
     * {@code <pod>.<cluster>-peers…}), not an IP address.
     */
    public static InClusterHttp tls(K3sCluster cluster, String namespace, String pod, String clientDir) {
        return new InClusterHttp(command -> cluster.execInPod(namespace, pod, command), clientDir);
    }

    /** Whether requests go over HTTPS (with curl and the client Secret). */
    public boolean https() {
        return clientDir != null;
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

    /**
     * One request. Over HTTPS an {@code Authorization} header in {@code headers} replaces the client token, and an
     * empty one sends no {@code Authorization} at all (to see what an anonymous client gets).
     */
    public Response send(String method, String host, int port, String path, String json, Map<String, String> headers) {
        return https() ? sendWithCurl(method, host, port, path, json, headers)
                : sendPlain(method, host, port, path, json, headers);
    }

    /** One HTTP/1.0 request (the server closes the connection after its answer). */
    private Response sendPlain(String method, String host, int port, String path, String json,
                               Map<String, String> headers) {
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
        String raw = exec.run("bash", "-c", script, "http", host, Integer.toString(port), request.toString());
        int headerEnd = raw.indexOf("\r\n\r\n");
        String statusLine = raw.lines().findFirst().orElse("");
        String[] parts = statusLine.split(" ");
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IllegalStateException("not an HTTP response from " + host + ":" + port + path + ": " + raw);
        }
        return new Response(Integer.parseInt(parts[1]), headerEnd < 0 ? "" : raw.substring(headerEnd + 4));
    }

    private Response sendWithCurl(String method, String host, int port, String path, String json,
                                  Map<String, String> headers) {
        String url = "https://" + host + ":" + port + path;
        return parseCurlOutput(exec.run(curlCommand(method, url, json, headers)), url);
    }

    /** The command that sends one HTTPS request with curl: {@code bash -c} {@link #CURL_SCRIPT} and its arguments. */
    String[] curlCommand(String method, String url, String json, Map<String, String> headers) {
        boolean ownAuthorization = headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("Authorization"));
        List<String> command = new ArrayList<>(List.of("bash", "-c", CURL_SCRIPT, "https", clientDir, method, url,
                ownAuthorization ? "0" : "1", json == null ? "0" : "1", json == null ? "" : json));
        // "Name:" with nothing after the colon makes curl send no such header.
        headers.forEach((name, value) -> command.add(name + ":" + (value.isEmpty() ? "" : " " + value)));
        return command.toArray(String[]::new);
    }

    /** Splits curl's output, the body then a line feed and the status code, into a {@link Response}. */
    static Response parseCurlOutput(String out, String url) {
        int lastLine = out.lastIndexOf('\n');
        String status = out.substring(lastLine + 1).strip();
        if (lastLine < 0 || !status.matches("[1-5][0-9][0-9]")) {
            throw new IllegalStateException("no HTTP status from curl for " + url + ": " + out);
        }
        return new Response(Integer.parseInt(status), out.substring(0, lastLine));
    }
}
