package io.distdb.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * Requests to one data node's admin port (9090) from the test JVM, through a port-forward to the pod, with a TLS
 * identity of the caller's choosing: the operator's client certificate, none, or one of another CA. The port-forward
 * enters the pod's network namespace, so the nodes' NetworkPolicy does not stop these requests: only the node's own
 * TLS and authorization do, which is what these calls test. The nodes' certificates name {@code localhost}.
 */
final class AdminPortCalls {

    /** Status and body of an answer, and until when the certificate the node presented is valid. */
    record Answer(int status, String body, java.time.Instant serverNotAfter) {
    }

    private AdminPortCalls() {
    }

    /**
     * Sends {@code method path} (with {@code jsonBody} unless null) to {@code pod}'s admin port, with {@code identity}
     * for TLS and {@code token} as the bearer token (none when null).
     *
     * @throws IOException when there is no HTTP answer, e.g. the TLS handshake is refused
     */
    static Answer send(KubernetesClient client, String namespace, String pod, SSLContext identity, String token,
                       String method, String path, String jsonBody) throws IOException, InterruptedException {
        try (LocalPortForward forward = client.pods().inNamespace(namespace).withName(pod).portForward(9090)) {
            HttpClient http = HttpClient.newBuilder().sslContext(identity).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + forward.getLocalPort() + path))
                    .timeout(Duration.ofSeconds(20))
                    .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(jsonBody));
            if (jsonBody != null) {
                request.header("Content-Type", "application/json");
            }
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            java.time.Instant notAfter = response.sslSession()
                    .map(session -> {
                        try {
                            return ((java.security.cert.X509Certificate) session.getPeerCertificates()[0]).getNotAfter().toInstant();
                        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                            return null;
                        }
                    }).orElse(null);
            return new Answer(response.statusCode(), response.body(), notAfter);
        }
    }
}
