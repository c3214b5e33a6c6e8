package io.distdb.server.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.server.config.NodeConfig;
import io.distdb.server.documents.DocumentStore;
import io.distdb.server.store.ClientLimits;
import io.distdb.server.store.JsonValues;
import io.distdb.server.store.NodeStorage;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;

/** A real node store (an LSM store in a directory) with the documents store and the SQL engine on top. */
final class TestDatabase implements AutoCloseable {

    final ObjectMapper json = new ObjectMapper();
    final NodeStorage storage;
    final DocumentStore documents;
    final SqlDatabase sql;
    /** Set when scans are shaped as replicas shape them. */
    final ReplicaShapingStore shaping;

    TestDatabase(Path dir) {
        this(dir, 4096, 4 * 1024 * 1024, false);
    }

    TestDatabase(Path dir, int maxKeyBytes, int maxValueBytes) {
        this(dir, maxKeyBytes, maxValueBytes, false);
    }

    /** With {@code pushdown}, SELECTs push their conditions and columns down as to replicas (see {@link ReplicaShapingStore}). */
    TestDatabase(Path dir, boolean pushdown) {
        this(dir, 4096, 4 * 1024 * 1024, pushdown);
    }

    private TestDatabase(Path dir, int maxKeyBytes, int maxValueBytes, boolean pushdown) {
        NodeConfig config = config(dir, maxKeyBytes, maxValueBytes);
        ClientLimits limits = new ClientLimits(config);
        storage = new NodeStorage(config);
        documents = new DocumentStore(storage.store(), new JsonValues(json), limits);
        shaping = pushdown ? new ReplicaShapingStore(storage.store(), json) : null;
        sql = new SqlDatabase(pushdown ? shaping : storage.store(), documents, limits, json);
    }

    SqlResult run(String statement) {
        return sql.execute(statement);
    }

    @Override
    public void close() {
        storage.store().close();
    }

    /**
     * The node settings the SQL engine's collaborators read; a proxy so that settings added to
     * {@link NodeConfig} later answer with neutral defaults instead of breaking this helper.
     */
    private static NodeConfig config(Path dir, int maxKeyBytes, int maxValueBytes) {
        NodeConfig.Limits limits = proxy(NodeConfig.Limits.class, Map.of("maxKeyBytes", maxKeyBytes, "maxValueBytes", maxValueBytes));
        return proxy(NodeConfig.class, Map.of("nodeId", "test", "dataDir", dir, "durability", "none",
                "syncIntervalMillis", 100L, "memtableBytes", 1L << 20, "blockCacheBytes", 1L << 20, "limits", limits));
    }

    private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (answers.containsKey(method.getName())) {
                return answers.get(method.getName());
            }
            if (method.getName().equals("toString")) {
                return type.getSimpleName() + answers;
            }
            Class<?> r = method.getReturnType();
            if (r == boolean.class) {
                return false;
            }
            if (r == int.class || r == long.class || r == short.class || r == byte.class) {
                return r == long.class ? (Object) 0L : r == int.class ? (Object) 0 : null;
            }
            if (r == java.util.Optional.class) {
                return java.util.Optional.empty();
            }
            return null;
        }));
    }
}
