package io.distdb.server.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.admin.api.Member;
import io.distdb.admin.api.MemberState;
import io.distdb.server.api.ApiError;
import io.distdb.server.api.ApiException;
import io.distdb.server.cluster.ClusterView;
import io.distdb.server.cluster.Placement;
import io.distdb.server.config.NodeConfig;
import io.distdb.server.documents.Document;
import io.distdb.server.documents.DocumentStore;
import io.distdb.server.replication.ClusterKvStore;
import io.distdb.server.replication.ReplicaClient;
import io.distdb.server.replication.ReplicaPaths;
import io.distdb.server.replication.ShapedScans;
import io.distdb.server.replication.UnavailableException;
import io.distdb.server.store.ClientLimits;
import io.distdb.sql.SqlEngine;
import io.distdb.sql.SqlException;
import io.distdb.sql.SqlResult;
import io.distdb.sql.SqlSettings;
import io.distdb.sql.exec.AggregateFragment;
import io.distdb.sql.exec.Explain;
import io.distdb.sql.exec.ScanFragment;
import io.distdb.sql.plan.LogicalPlan;
import io.distdb.storage.ScanRange;
import io.distdb.server.replication.FoldedScans;
import java.util.Optional;
import io.distdb.sql.exec.TableRows;
import io.distdb.sql.runtime.StatementControl;
import io.distdb.sql.storage.DocumentSource;
import io.distdb.sql.types.Values;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The node's SQL: one {@link SqlEngine} over the replicated keyspace, so rows and index entries are
 * partitioned and replicated like every other key, and scans fan out to all nodes with each table's own
 * conditions checked on the replicas ({@link ScanFragment}). The catalog is held in one coordinator's
 * memory, so every node forwards SQL to the cluster's SQL coordinator, the NORMAL member with the lowest id;
 * that node reloads the catalog whenever the topology changes.
 */
@Singleton
public class SqlService {

    private static final Logger LOG = Logger.getLogger(SqlService.class);

    private final ClusterKvStore store;
    private final DocumentStore documents;
    private final ObjectMapper json;
    private final ClusterView cluster;
    private final ReplicaClient peers;
    private final boolean pushdown;
    private final SqlSettings settings;
    private volatile SqlEngine engine;

    public SqlService(ClusterKvStore store, DocumentStore documents, ClientLimits limits, ObjectMapper json,
                      ClusterView cluster, ReplicaClient peers, NodeConfig config) {
        this.store = store;
        this.documents = documents;
        this.json = json;
        this.cluster = cluster;
        this.peers = peers;
        this.pushdown = config.sql().pushdown();
        this.settings = new SqlSettings(config.sql().memoryBudget(), config.sql().statementTimeout().toMillis(),
                config.sql().maxNesting(), limits.maxKeyBytes(), limits.maxValueBytes());
        cluster.onChange(placement -> engine = null);
    }

    /**
     * Runs {@code sql} (one statement, or several separated by {@code ;}) with {@code params}, here or on the
     * SQL coordinator, and answers with the last statement's result.
     */
    public SqlResponse execute(String sql, List<JsonNode> params, long timeoutMillis, StatementControl control) {
        if (!cluster.isLocalOnly()) {
            Member coordinator = coordinator(cluster.placement());
            if (!coordinator.id().equals(cluster.selfId())) {
                return forward(coordinator, sql, params, timeoutMillis);
            }
        }
        return executeHere(sql, params, timeoutMillis, control);
    }

    /** Runs on this node, which is the SQL coordinator (or was asked to act as one). */
    public SqlResponse executeHere(String sql, List<JsonNode> params, long timeoutMillis, StatementControl control) {
        try {
            List<SqlResult> results = engine().executeScript(sql, params == null ? List.of() : params, control, timeoutMillis);
            return SqlResponse.of(results.get(results.size() - 1));
        } catch (SqlException e) {
            if (e.sqlState().equals("57014")) {
                LOG.infof("statement cancelled (%s): %s", e.getMessage(), sql.length() > 200 ? sql.substring(0, 200) + "..." : sql);
            }
            throw e;
        }
    }

    /** The engine, for benchmarks and tests that drive it directly. */
    public SqlEngine engine() {
        SqlEngine current = engine;
        if (current == null) {
            synchronized (this) {
                current = engine;
                if (current == null) {
                    current = new SqlEngine(store, json, options());
                    engine = current;
                }
            }
        }
        return current;
    }

    void onStop(@Observes ShutdownEvent event) {
        SqlEngine current = engine;
        if (current != null) {
            current.shutdown("the node is shutting down");
        }
    }

    private SqlEngine.Options options() {
        TableRows.RangeReader ranges = (view, range, scan, ctx) -> {
            if (pushdown && view instanceof ShapedScans shaped) {
                ScanFragment fragment = ScanFragment.forScan(scan, ctx, json);
                if (fragment != null) {
                    return shaped.scan(range, new FragmentShaper(fragment, json));
                }
            }
            return view.scan(range);
        };
        TableRows.RangeFolder folder = (view, ranges2, aggregate, ctx) -> {
            if (!pushdown || !(view instanceof FoldedScans folded)) {
                return null;
            }
            AggregateFragment fragment = AggregateFragment.forAggregate(aggregate, ctx, json);
            List<byte[]> partials = new java.util.ArrayList<>();
            for (ScanRange range : ranges2) {
                Optional<List<byte[]>> part = folded.fold(range, new FragmentFold(fragment, json));
                if (part.isEmpty()) {
                    return null; // the replicas did not agree on a range: read the rows
                }
                partials.addAll(part.get());
            }
            return fragment.merge(partials, ctx);
        };
        boolean single = cluster.isLocalOnly();
        Explain.Replicas explain = pushdown && !single ? new Explain.Replicas() {
            @Override
            public String scan(LogicalPlan.Scan scan) {
                return ScanFragment.describe(scan);
            }

            @Override
            public String aggregate(LogicalPlan.Aggregate aggregate) {
                return AggregateFragment.describe(aggregate);
            }
        } : null;
        return new SqlEngine.Options(settings, new Documents(documents), ranges, folder, single, explain, null, null);
    }

    static Member coordinator(Placement placement) {
        return placement.members().stream().filter(m -> m.state() == MemberState.NORMAL).findFirst()
                .orElse(placement.members().get(0));
    }

    private SqlResponse forward(Member coordinator, String sql, List<JsonNode> params, long timeoutMillis) {
        ReplicaClient.PeerResponse response;
        long wait = timeoutMillis > 0 ? timeoutMillis + 5_000 : settings.statementTimeoutMillis() > 0
                ? settings.statementTimeoutMillis() + 5_000 : 600_000;
        try {
            Map<String, Object> body = new HashMap<>();
            body.put("sql", sql);
            body.put("params", params == null ? List.of() : params);
            body.put("timeoutMs", timeoutMillis);
            response = peers.call(coordinator, "POST", ReplicaPaths.SQL, json.writeValueAsBytes(body)).get(wait, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new UnavailableException("the SQL coordinator " + coordinator.id() + " did not answer: " + e.getMessage());
        }
        try {
            if (response.statusCode() == 200) {
                return json.readValue(response.body(), SqlResponse.class);
            }
            ApiError error = json.readValue(response.body(), ApiError.class);
            throw new ApiException(response.statusCode(), error);
        } catch (IOException e) {
            throw new UnavailableException("the SQL coordinator " + coordinator.id() + " answered " + response.statusCode()
                    + " with an unreadable body");
        }
    }

    /** The documents API's collections as the engine's read-only {@code documents.<collection>} tables. */
    private record Documents(DocumentStore store) implements DocumentSource {
        @Override
        public JsonNode get(String collection, String id) {
            Document d = store.get(collection, id);
            return d == null ? null : d.body();
        }

        @Override
        public void forEach(String collection, DocumentVisitor visitor) {
            store.forEach(collection, d -> visitor.visit(d.id(), d.body()));
        }

        @Override
        public boolean isValidCollectionName(String name) {
            return DocumentStore.isValidCollectionName(name);
        }
    }
}
