package io.distdb.server.transport;

import io.distdb.admin.api.AdminPaths;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who may call what on the management (admin) port: one credential per purpose.
 *
 * <pre>
 * endpoint                                        admin token   peer credential
 * /internal/v1/* (replica reads, writes, scans,
 *   folds, hints and streaming, paxos prepare/
 *   propose/commit, metadata/peer)                    no            yes
 * POST /internal/v1/paxos/cas (an operator's
 *   compare-and-set; nodes never call it)             yes           no
 * GET /admin/v1/status (rebalance cleanup asks
 *   every member), GET /admin/v1/topology (a node
 *   that is behind fetches the newer topology)        yes           yes
 * every other /admin/v1/* endpoint                    yes           no
 * GET /q/metrics (Prometheus)                         yes           no     (or the metrics token)
 * every other /q/* endpoint on this port              yes           no
 * </pre>
 *
 * The peer credential is a node's certificate ({@code O=distdb-node}, issued by the cluster's CA) when TLS is on,
 * the peer token when it is off. Nodes only ever read through admin endpoints, so they are allowed only those two.
 */
public final class ManagementAccess {

    /** The credentials a caller can present on the management port. */
    public enum Credential {
        /** The operator's bearer token ({@code DISTDB_ADMIN_TOKEN}). */
        ADMIN_TOKEN,
        /** A node: its certificate with TLS on, the peer token with TLS off. */
        PEER,
        /** Prometheus: the read-only metrics token ({@code DISTDB_METRICS_TOKEN}). */
        METRICS_TOKEN
    }

    /** Where the node's Prometheus metrics are served on this port (Quarkus' non-application root). */
    public static final String METRICS = "/q/metrics";

    private ManagementAccess() {
    }

    /** The credentials that open {@code method path}. */
    public static Set<Credential> allowed(String method, String path) {
        if (path.startsWith(ReplicaPaths.PREFIX)) {
            return path.equals(ReplicaPaths.PAXOS_CAS) ? EnumSet.of(Credential.ADMIN_TOKEN) : EnumSet.of(Credential.PEER);
        }
        if (path.equals(METRICS) || path.startsWith(METRICS + "/")) {
            return "GET".equals(method) ? EnumSet.of(Credential.ADMIN_TOKEN, Credential.METRICS_TOKEN)
                    : EnumSet.of(Credential.ADMIN_TOKEN);
        }
        if ("GET".equals(method) && (path.equals(AdminPaths.STATUS) || path.equals(AdminPaths.TOPOLOGY))) {
            return EnumSet.of(Credential.ADMIN_TOKEN, Credential.PEER);
        }
        // Everything else on this port, /q/* included, takes the admin token alone: closed unless listed above.
        return EnumSet.of(Credential.ADMIN_TOKEN);
    }
}
