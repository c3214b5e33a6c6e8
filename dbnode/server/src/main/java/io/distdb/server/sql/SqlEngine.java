package io.distdb.server.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.admin.api.Member;
import io.distdb.admin.api.MemberState;
import io.distdb.server.api.ApiError;
import io.distdb.server.api.ApiException;
import io.distdb.server.cluster.ClusterView;
import io.distdb.server.cluster.Placement;
import io.distdb.server.config.NodeConfig;
import io.distdb.server.documents.DocumentStore;
import io.distdb.server.replication.ClusterKvStore;
import io.distdb.server.replication.ReplicaClient;
import io.distdb.server.replication.ReplicaPaths;
import io.distdb.server.replication.UnavailableException;
import io.distdb.server.store.ClientLimits;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The node's SQL engine as a bean. Statements run on one {@link SqlDatabase} over the replicated keyspace,
 * so rows and index entries are partitioned and replicated like every other key, and scans fan out to all
 * nodes. The table catalog and id counters live in one coordinator's memory, so every node forwards SQL
 * to the cluster's SQL coordinator, the NORMAL member with the lowest id; that node reloads the catalog
 * whenever the topology changes.
 */
@Singleton
public class SqlEngine {

    private final ClusterKvStore store;
    private final DocumentStore documents;
    private final ClientLimits limits;
    private final ObjectMapper json;
    private final ClusterView cluster;
    private final ReplicaClient peers;
    private final boolean pushdown;
    private volatile SqlDatabase database;

    public SqlEngine(ClusterKvStore store, DocumentStore documents, ClientLimits limits, ObjectMapper json,
                     ClusterView cluster, ReplicaClient peers, NodeConfig config) {
        this.store = store;
        this.documents = documents;
        this.limits = limits;
        this.json = json;
        this.cluster = cluster;
        this.peers = peers;
        this.pushdown = config.sql().pushdown();
        cluster.onChange(placement -> database = null);
    }

    /** Runs one statement; also the hook for benchmarks. */
    public SqlResult execute(String sql) {
        return execute(sql, List.of());
    }

    /** Runs one statement with its {@code ?} placeholders bound by position to {@code params}. */
    public SqlResult execute(String sql, List<?> params) {
        if (!cluster.isLocalOnly()) {
            Member coordinator = coordinator(cluster.placement());
            if (!coordinator.id().equals(cluster.selfId())) {
                return forward(coordinator, sql, params);
            }
        }
        return executeHere(sql, params);
    }

    /** Runs a statement on this node, which is the SQL coordinator (or was asked to act as one). */
    public SqlResult executeHere(String sql, List<?> params) {
        return database().execute(sql, params);
    }

    public SqlDatabase database() {
        SqlDatabase current = database;
        if (current == null) {
            synchronized (this) {
                current = database;
                if (current == null) {
                    current = new SqlDatabase(store, documents, limits, json, pushdown);
                    database = current;
                }
            }
        }
        return current;
    }

    static Member coordinator(Placement placement) {
        return placement.members().stream().filter(m -> m.state() == MemberState.NORMAL).findFirst()
                .orElse(placement.members().get(0));
    }

    private SqlResult forward(Member coordinator, String sql, List<?> params) {
        ReplicaClient.PeerResponse response;
        try {
            byte[] body = json.writeValueAsBytes(Map.of("sql", sql, "params", params == null ? List.of() : params));
            response = peers.call(coordinator, "POST", ReplicaPaths.SQL, body).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new UnavailableException("the SQL coordinator " + coordinator.id() + " did not answer: " + e.getMessage());
        }
        try {
            if (response.statusCode() == 200) {
                return json.readValue(response.body(), SqlResult.class);
            }
            ApiError error = json.readValue(response.body(), ApiError.class);
            throw new ApiException(response.statusCode(), error.error(), error.message(), error.position());
        } catch (IOException e) {
            throw new UnavailableException("the SQL coordinator " + coordinator.id() + " answered " + response.statusCode()
                    + " with an unreadable body");
        }
    }
}
