package io.distdb.server.transport;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.admin.api.AdminError;
import io.distdb.admin.api.AdminPaths;
import io.distdb.server.admin.AdminToken;
import io.distdb.server.config.MetricsToken;
import io.distdb.server.config.PeerToken;
import io.distdb.server.tls.NodeIdentity;
import io.distdb.server.tls.NodeTls;
import io.distdb.server.transport.ManagementAccess.Credential;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.cert.Certificate;
import java.util.Set;

/**
 * Checks every request to the admin port against {@link ManagementAccess} before any handler runs: the one
 * place that decides who may call what there. 401 when the caller presents nothing that could open the
 * endpoint, 403 when it presents a credential that does not.
 */
@Singleton
public class ManagementAuthorizer {

    private static final Logger LOG = Logger.getLogger(ManagementAuthorizer.class);

    private final AdminToken adminToken;
    private final PeerToken peerToken;
    private final MetricsToken metricsToken;
    private final NodeTls tls;
    private final ObjectMapper json;

    public ManagementAuthorizer(AdminToken adminToken, PeerToken peerToken, MetricsToken metricsToken, NodeTls tls,
                                ObjectMapper json) {
        this.adminToken = adminToken;
        this.metricsToken = metricsToken;
        this.peerToken = peerToken;
        this.tls = tls;
        this.json = json;
    }

    void register(@Observes ManagementInterface management) {
        management.router().route("/admin/*").order(-100).handler(this::authorize);
        management.router().route(ReplicaPaths.PREFIX + "*").order(-100).handler(this::authorize);
        // Quarkus serves /q/metrics here (the management interface); no /q/* page is open without a credential.
        management.router().route("/q/*").order(-100).handler(this::authorize);
    }

    private void authorize(RoutingContext rc) {
        Set<Credential> allowed = ManagementAccess.allowed(rc.request().method().name(), rc.request().path());
        String bearer = bearer(rc);
        boolean admin = adminToken.matches(bearer);
        if (allowed.contains(Credential.METRICS_TOKEN) && metricsToken.matches(bearer)) {
            rc.next();
            return;
        }
        boolean peer = tls.enabled() ? NodeIdentity.isNode(clientCertificates(rc)) : peerToken.matches(bearer);
        if (admin && allowed.contains(Credential.ADMIN_TOKEN) || peer && allowed.contains(Credential.PEER)) {
            rc.next();
            return;
        }
        if (!allowed.contains(Credential.ADMIN_TOKEN)) {
            refusePeerOnly(rc, bearer);
        } else if (peer) {
            send(rc, 403, "this admin endpoint is for the operator; a node's credential is not accepted here");
        } else if (bearer == null) {
            rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"distdb-admin\"");
            JsonReplies.send(rc, json, 401, new AdminError("unauthorized", "the admin API needs 'Authorization: Bearer <token>'"));
        } else {
            LOG.warnf("admin request with a wrong token from %s", rc.request().remoteAddress());
            send(rc, 403, "the admin token is not valid for this node");
        }
    }

    private void refusePeerOnly(RoutingContext rc, String bearer) {
        if (tls.enabled()) {
            send(rc, 403, "this is a node-to-node endpoint; it accepts only a DistDB node's certificate");
        } else if (bearer == null) {
            rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"distdb-peers\"");
            JsonReplies.send(rc, json, 401, new AdminError("unauthorized",
                    "this is a node-to-node endpoint; it needs 'Authorization: Bearer <peer token>'"));
        } else {
            LOG.warnf("node-to-node request without the peer token from %s", rc.request().remoteAddress());
            send(rc, 403, "this is a node-to-node endpoint; it accepts only the cluster's peer token");
        }
    }

    private void send(RoutingContext rc, int status, String message) {
        JsonReplies.send(rc, json, status, new AdminError("forbidden", message));
    }

    private static String bearer(RoutingContext rc) {
        String header = rc.request().getHeader(AdminPaths.AUTHORIZATION);
        return header == null || !header.startsWith(AdminPaths.BEARER) ? null
                : header.substring(AdminPaths.BEARER.length()).trim();
    }

    /** The client's chain, verified against the CA by the handshake; null without TLS or a client certificate. */
    private static Certificate[] clientCertificates(RoutingContext rc) {
        SSLSession session = rc.request().sslSession();
        if (session == null) {
            return null;
        }
        try {
            return session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException noCertificate) {
            return null;
        }
    }
}
