package io.distdb.server.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The node's own settings, read from {@code application.properties} and {@code DISTDB_*} environment
 * variables ({@code DISTDB_NODE_ID}, {@code DISTDB_DATA_DIR}, {@code DISTDB_DURABILITY}, ...).
 */
@ConfigMapping(prefix = "distdb")
public interface NodeConfig {

    /** Stable identity of this node in the cluster. */
    @WithName("node-id")
    @WithDefault("node-1")
    String nodeId();

    /** Directory that holds the node's engines; created if missing. */
    @WithName("data-dir")
    @WithDefault("data")
    Path dataDir();

    /** {@code sync} (fsync before acknowledging), {@code interval} or {@code none}. */
    @WithDefault("sync")
    String durability();

    /** Milliseconds between log fsyncs when durability is {@code interval}. */
    @WithName("sync-interval-millis")
    @WithDefault("100")
    long syncIntervalMillis();

    /** Bytes of the memtable before it is flushed to a table. */
    @WithName("memtable-bytes")
    @WithDefault("33554432")
    long memtableBytes();

    /** Bytes of the block cache. */
    @WithName("block-cache-bytes")
    @WithDefault("67108864")
    long blockCacheBytes();

    Limits limits();

    Admin admin();

    interface Admin {
        /** The admin API's bearer token ({@code DISTDB_ADMIN_TOKEN}). */
        Optional<String> token();

        /** A file holding the token, such as a mounted Secret ({@code DISTDB_ADMIN_TOKEN_FILE}). */
        @WithName("token-file")
        Optional<Path> tokenFile();
    }

    interface Limits {
        /** Largest key a client may write (partition key plus sort key, or a raw key). */
        @WithName("max-key-bytes")
        @WithDefault("4096")
        int maxKeyBytes();

        /** Largest value a client may write (an item, a document, a key-value value, a SQL row). */
        @WithName("max-value-bytes")
        @WithDefault("4194304")
        int maxValueBytes();
    }
}
