package io.distdb.server.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.server.cluster.ClusterView;
import io.distdb.server.config.NodeConfig;
import io.distdb.server.documents.Document;
import io.distdb.server.documents.DocumentStore;
import io.distdb.server.metadata.MetadataGroup;
import io.distdb.server.replication.ClusterKvStore;
import io.distdb.server.replication.FoldedScans;
import io.distdb.server.replication.ShapedScans;
import io.distdb.server.store.ClientLimits;
import io.distdb.sql.SqlEngine;
import io.distdb.sql.catalog.Catalog;
import io.distdb.sql.catalog.CatalogStore;
import io.distdb.sql.codec.KvCatalogStore;
import io.distdb.sql.errors.SqlException;
import io.distdb.sql.exec.AggregateFragment;
import io.distdb.sql.exec.Explain;
import io.distdb.sql.exec.ScanFragment;
import io.distdb.sql.exec.TableRows;
import io.distdb.sql.plan.LogicalPlan;
import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.runtime.SqlSettings;
import io.distdb.sql.runtime.StatementControl;
import io.distdb.sql.storage.DocumentSource;
import io.distdb.storage.ScanRange;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The node's SQL: one {@link SqlEngine} over the replicated keyspace, so rows and index entries are
 * partitioned and replicated like every other key, and scans fan out to all nodes with each table's own
 * conditions checked on the replicas ({@link ScanFragment}). Every node runs every statement itself: the
 * catalog is its replica of the metadata group's ({@link MetadataCatalogStore}), row ids come from the
 * group in blocks, and new keys claim their uniqueness by consensus among their replicas, so no node is a
 * SQL coordinator and no lock spans the cluster.
 */
@Singleton
public class SqlService {

    private static final Logger LOG = Logger.getLogger(SqlService.class);

    private final ClusterKvStore store;
    private final DocumentStore documents;
    private final ObjectMapper json;
    private final ClusterView cluster;
    private final MetadataGroup metadata;
    private final boolean pushdown;
    private final SqlSettings settings;
    private final MetadataCatalogStore catalogStore;
    private final PaxosKeyClaims claims;
    private volatile boolean keyspaceCatalogChecked;
    private volatile SqlEngine engine;

    public SqlService(ClusterKvStore store, DocumentStore documents, ClientLimits limits, ObjectMapper json,
                      ClusterView cluster, MetadataGroup metadata, PaxosKeyClaims claims, NodeConfig config) {
        this.claims = claims;
        this.store = store;
        this.documents = documents;
        this.json = json;
        this.cluster = cluster;
        this.metadata = metadata;
        this.pushdown = config.sql().pushdown();
        this.settings = new SqlSettings(config.sql().memoryBudget(), config.sql().statementTimeout().toMillis(),
                config.sql().maxNesting(), limits.maxKeyBytes(), limits.maxValueBytes());
        this.catalogStore = new MetadataCatalogStore(metadata, config.metadata().requestTimeout().toMillis(),
                config.metadata().electionTimeout().toMillis());
    }

    /**
     * Runs {@code sql} (one statement, or several separated by {@code ;}) with {@code params} on this node and
     * answers with the last statement's result.
     */
    public SqlResult execute(String sql, List<JsonNode> params, long timeoutMillis, StatementControl control) {
        adoptKeyspaceCatalog();
        try {
            List<SqlResult> results = engine().executeScript(sql, params == null ? List.of() : params, control, timeoutMillis);
            return results.get(results.size() - 1);
        } catch (SqlException e) {
            if (e.sqlState().equals("57014")) {
                LOG.infof("statement cancelled (%s): %s", e.getMessage(), sql.length() > 200 ? sql.substring(0, 200) + "..." : sql);
            }
            throw e;
        }
    }

    /**
     * Nodes of earlier releases kept the catalog in the replicated keyspace. The first node that finds the
     * group's catalog never changed and an old catalog in the keyspace moves it into the group: counters
     * first (so no id in use is handed out again), then the definitions, committed on version 1 so that it
     * happens once however many nodes try at the same time.
     */
    private void adoptKeyspaceCatalog() {
        if (keyspaceCatalogChecked || metadata.running().isEmpty()) {
            return;
        }
        synchronized (catalogStore) {
            if (keyspaceCatalogChecked) {
                return;
            }
            try {
                CatalogStore.Contents now = catalogStore.read();
                KvCatalogStore old = new KvCatalogStore(store);
                CatalogStore.Contents before = now.version() == 1 && now.entries().isEmpty() ? old.read() : null;
                if (before != null && !before.entries().isEmpty()) {
                    reserve(Catalog.NEXT_ID, old.peek(Catalog.NEXT_ID));
                    for (byte[] definition : before.entries().values()) {
                        JsonNode id = json.readTree(definition).get("id");
                        if (id != null && id.isInt()) {
                            String counter = Catalog.ROW_ID_PREFIX + id.asInt();
                            reserve(counter, old.peek(counter));
                        }
                    }
                    if (catalogStore.commit(1, before.entries(), java.util.Set.of()) > 0) {
                        LOG.infof("moved the SQL catalog (%d definitions) from the keyspace into the metadata group",
                                before.entries().size());
                    }
                }
                keyspaceCatalogChecked = true;
            } catch (IOException | RuntimeException e) {
                LOG.warnf("the SQL catalog of an earlier release could not be moved into the metadata group yet: %s", e.getMessage());
            }
        }
    }

    /** Moves {@code counter} in the group to at least {@code next}. */
    private void reserve(String counter, long next) {
        if (next > 1) {
            catalogStore.allocate(counter, next - 1);
        }
    }

    /**
     * The engine for a client session of another front end (the PostgreSQL listener): the same engine, once an
     * earlier release's catalog, if any, has moved into the metadata group.
     */
    public SqlEngine clientEngine() {
        adoptKeyspaceCatalog();
        return engine();
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
        // A node that holds every key itself keeps transactions atomic and checks uniqueness under its write
        // permit; on a cluster, new keys are claimed by consensus among their replicas instead.
        boolean single = cluster.isLocalOnly();
        Explain.Replicas explain = pushdown ? new Explain.Replicas() {
            @Override
            public String scan(LogicalPlan.Scan scan) {
                return cluster.isLocalOnly() ? null : ScanFragment.describe(scan);
            }

            @Override
            public String aggregate(LogicalPlan.Aggregate aggregate) {
                return cluster.isLocalOnly() ? null : AggregateFragment.describe(aggregate);
            }
        } : null;
        return new SqlEngine.Options(settings, new Documents(documents), ranges, folder, single, explain,
                catalogStore, single ? null : claims);
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
