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

    /**
     * The release this node reports ({@code /admin/v1/status}): the build's version unless the image names its
     * own, so that an image built on another one's jar still says which release it is.
     */
    @WithName("version")
    @WithDefault("${quarkus.application.version}")
    String version();

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

    Storage storage();

    Admin admin();

    Metrics metrics();

    Peer peer();

    Tls tls();

    Cluster cluster();

    Metadata metadata();

    Client client();

    /** The metadata group: Raft among the nodes, for the SQL catalog and everything else agreed cluster-wide. */
    interface Metadata {
        /**
         * The port of this node's member of the group ({@code DISTDB_METADATA_PORT}); by default the admin port
         * plus 100 (9190 with the default admin port); 0 picks a free one (tests).
         */
        Optional<Integer> port();

        /**
         * The shortest election timeout ({@code DISTDB_METADATA_ELECTION_TIMEOUT}); each member waits a random time
         * between it and twice it without hearing from a leader before it stands for election.
         */
        @WithName("election-timeout")
        @WithDefault("1s")
        java.time.Duration electionTimeout();

        /** A snapshot after this many log entries, and the log before it is purged. */
        @WithName("snapshot-every")
        @WithDefault("1000")
        long snapshotEvery();

        /** How long a statement waits for the group (a DDL commit, a block of row ids) before it fails with 503. */
        @WithName("request-timeout")
        @WithDefault("5s")
        java.time.Duration requestTimeout();
    }

    interface Client {
        /**
         * When set, every client API request needs {@code Authorization: Bearer <token>} ({@code DISTDB_CLIENT_TOKEN});
         * health endpoints stay open for probes.
         */
        Optional<String> token();

        /** A file holding the client token, such as a mounted Secret ({@code DISTDB_CLIENT_TOKEN_FILE}). */
        @WithName("token-file")
        Optional<Path> tokenFile();
    }

    Rebalance rebalance();

    Sql sql();

    Pg pg();

    /** The PostgreSQL wire protocol listener (docs/postgres.md). */
    interface Pg {
        /** Serve the PostgreSQL wire protocol at all ({@code DISTDB_PG_ENABLED}). */
        @WithDefault("true")
        boolean enabled();

        /** Its port ({@code DISTDB_PG_PORT}); 0 picks a free one (tests). It binds the client API's host. */
        @WithDefault("5432")
        int port();

        /** Client connections served at once ({@code DISTDB_PG_MAX_CONNECTIONS}); more get SQLSTATE 53300. */
        @WithName("max-connections")
        @WithDefault("500")
        int maxConnections();

        /**
         * The server certificate, PEM ({@code DISTDB_PG_TLS_CERT_FILE}); with {@code DISTDB_PG_TLS_KEY_FILE}, clients
         * that ask for TLS get it. Without them, TLS requests are answered 'N' and clients may continue in plain text.
         */
        @WithName("tls-cert-file")
        Optional<Path> tlsCertFile();

        /** The private key of the server certificate, PEM ({@code DISTDB_PG_TLS_KEY_FILE}). */
        @WithName("tls-key-file")
        Optional<Path> tlsKeyFile();

        /** The largest message a client may send, in bytes ({@code DISTDB_PG_MAX_MESSAGE_BYTES}). */
        @WithName("max-message-bytes")
        @WithDefault("67108864")
        int maxMessageBytes();
    }

    interface Sql {
        /**
         * Let replicas filter and trim the rows of SQL scans and fold aggregates ({@code DISTDB_SQL_PUSHDOWN});
         * off, the SQL coordinator reads whole rows and does all the work. Results are the same either way.
         */
        @WithDefault("true")
        boolean pushdown();

        /**
         * Memory one statement may hold for joins, sorts, grouping, DISTINCT, set operations, subquery results and
         * its result, in bytes ({@code DISTDB_SQL_MEMORY_BUDGET}); past it the statement fails with SQLSTATE 53200.
         */
        @WithName("memory-budget")
        @WithDefault("268435456")
        long memoryBudget();

        /** How long a statement may run ({@code DISTDB_SQL_STATEMENT_TIMEOUT}, 0 for no limit); past it, 57014. */
        @WithName("statement-timeout")
        @WithDefault("5M")
        java.time.Duration statementTimeout();

        /** How deeply expressions and queries may nest ({@code DISTDB_SQL_MAX_NESTING}); deeper statements get 54001. */
        @WithName("max-nesting")
        @WithDefault("200")
        int maxNesting();
    }

    interface Cluster {
        /**
         * A static member list, {@code id@host:adminPort,...} ({@code DISTDB_CLUSTER_NODES}): a node started
         * with it and no stored topology adopts topology epoch 1 with these members. Without it, and without
         * {@link #awaitTopology()}, the node is a cluster of one.
         */
        Optional<String> nodes();

        /** Copies of every key in a static cluster ({@code DISTDB_REPLICATION_FACTOR}); default min(3, members). */
        @WithName("replication-factor")
        Optional<Integer> replicationFactor();

        /** Virtual nodes per member in a static cluster ({@code DISTDB_VNODES}). */
        @WithDefault("64")
        int vnodes();

        /**
         * Serve no client data until a topology is published ({@code DISTDB_AWAIT_TOPOLOGY}); set by the
         * operator, so that a new pod never takes writes as a cluster of its own.
         */
        @WithName("await-topology")
        @WithDefault("false")
        boolean awaitTopology();

        /** How long a coordinator waits for replicas before answering 503 ({@code DISTDB_REQUEST_TIMEOUT_MILLIS}). */
        @WithName("request-timeout-millis")
        @WithDefault("3000")
        long requestTimeoutMillis();

        /** Words are sharded by their first this-many characters (seed 004's k-prefix). */
        @WithName("word-shard-prefix")
        @WithDefault("2")
        int wordShardPrefix();
    }

    /** Which engine keeps which namespace (see docs/storage.md). */
    interface Storage {
        /**
         * The engine of the key-value entries (seed 001): {@code hashlog} (a key directory in memory, one disk
         * read per GET) or {@code lsm} ({@code DISTDB_STORAGE_KV_ENGINE}). Changing it moves the entries at the
         * next start.
         */
        @WithName("kv-engine")
        @WithDefault("hashlog")
        String kvEngine();

        /**
         * How word prefix searches are answered: {@code trie} (a radix trie in memory over the words, which
         * stay durable in the LSM) or {@code lsm} (an ordered scan of the LSM) ({@code DISTDB_STORAGE_WORDS_INDEX}).
         */
        @WithName("words-index")
        @WithDefault("trie")
        String wordsIndex();

        /**
         * The most keys the hash log's key directory may hold ({@code DISTDB_STORAGE_HASHLOG_MAX_KEYS}); by
         * default as many as fit in a quarter of the heap at the documented cost per key. A new key beyond it
         * is refused with 507 {@code insufficient_storage}; existing keys can still be overwritten and deleted.
         */
        @WithName("hashlog-max-keys")
        Optional<Long> hashlogMaxKeys();

        /**
         * How long a replicated delete (a tombstone) is kept before compaction may drop it
         * ({@code DISTDB_STORAGE_TOMBSTONE_GRACE}, default 10 days). It must be longer than any replica stays
         * down, partitioned, or without the hints meant for it: a replica that missed a delete and returns after
         * the others forgot it would bring the deleted value back. See docs/storage.md.
         */
        /** Block compression of the LSM's tables: {@code lz4} or {@code none} ({@code DISTDB_STORAGE_COMPRESSION}). */
        @WithDefault("lz4")
        String compression();

        /** The most LSM table files kept open at once ({@code DISTDB_STORAGE_MAX_OPEN_TABLES}). */
        @WithName("max-open-tables")
        @WithDefault("500")
        int maxOpenTables();

        /**
         * How often the node compacts all its engines on its own ({@code DISTDB_STORAGE_FULL_COMPACTION_INTERVAL},
         * default a day; {@code 0} never), so that tombstones past their grace period which no background
         * compaction happens to rewrite are dropped too.
         */
        @WithName("full-compaction-interval")
        @WithDefault("24h")
        java.time.Duration fullCompactionInterval();

        @WithName("tombstone-grace")
        @WithDefault("10d")
        java.time.Duration tombstoneGrace();
    }

    interface Rebalance {
        /** Streaming throttle per node, bytes per second ({@code DISTDB_REBALANCE_BYTES_PER_SECOND}). */
        @WithName("bytes-per-second")
        @WithDefault("67108864")
        long bytesPerSecond();

        /** Bytes per streamed batch. */
        @WithName("batch-bytes")
        @WithDefault("1048576")
        int batchBytes();
    }

    interface Admin {
        /** The admin API's bearer token ({@code DISTDB_ADMIN_TOKEN}). */
        Optional<String> token();

        /** A file holding the token, such as a mounted Secret ({@code DISTDB_ADMIN_TOKEN_FILE}). */
        @WithName("token-file")
        Optional<Path> tokenFile();
    }

    /**
     * A read-only credential for Prometheus: it opens {@code /q/metrics} on the admin port and nothing else, so
     * a scraper need not hold the admin token (docs/metrics.md). Unset, only the admin token reads the metrics.
     */
    interface Metrics {
        /** The metrics bearer token ({@code DISTDB_METRICS_TOKEN}). */
        Optional<String> token();

        /** A file holding it, such as a mounted Secret ({@code DISTDB_METRICS_TOKEN_FILE}). */
        @WithName("token-file")
        Optional<Path> tokenFile();
    }

    /** The node-to-node credential when TLS is off (with TLS on, nodes present their certificates). */
    interface Peer {
        /** The bearer token nodes present to each other ({@code DISTDB_PEER_TOKEN}); the same on every node. */
        Optional<String> token();

        /** A file holding the peer token, such as a mounted Secret ({@code DISTDB_PEER_TOKEN_FILE}). */
        @WithName("token-file")
        Optional<Path> tokenFile();
    }

    /**
     * TLS on every port of the node: all three set turn it on, none leaves every port in plain text, and only
     * some of them stop the node at start-up ({@link TlsSettings}).
     */
    interface Tls {
        /** The node's certificate chain, PEM ({@code DISTDB_TLS_CERT_FILE}). */
        @WithName("cert-file")
        Optional<Path> certFile();

        /** The certificate's private key, PEM, PKCS#8 or PKCS#1 ({@code DISTDB_TLS_KEY_FILE}). */
        @WithName("key-file")
        Optional<Path> keyFile();

        /** The CA certificates that issue the cluster's certificates, PEM, one or more ({@code DISTDB_TLS_CA_FILE}). */
        @WithName("ca-file")
        Optional<Path> caFile();
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

        /**
         * Longest request target (path and query) either HTTP port takes; a longer one is a 414 with DistDB's JSON
         * error. The HTTP decoder's own limit ({@code quarkus.http.limits.max-initial-line-length}) is set well above
         * it, so that such a request reaches the node instead of being cut off with an empty answer.
         */
        @WithName("max-url-bytes")
        @WithDefault("4096")
        int maxUrlBytes();

        /** Most header bytes (names and values) a request may carry; more is a 431 with the JSON error. */
        @WithName("max-header-bytes")
        @WithDefault("20480")
        int maxHeaderBytes();
    }
}
