package io.distdb.bench.ycsb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration of one Apache Cassandra 5.0 node of the benchmark: its {@code cassandra.yaml}, its
 * {@code logback.xml} and its JVM options. Cassandra runs from its Maven artifacts, without the tarball's
 * {@code conf/} and {@code bin/}, so what those files would give it is written here.
 *
 * <p>Everything not set here keeps Cassandra's own default. Durability matches the DistDB node's {@code interval}
 * setting: the commit log is written on every write and fsynced every second ({@code periodic}, 1000 ms).
 *
 * @param address    the node's loopback address (127.0.0.1, 127.0.0.2, ...): listen and client address
 * @param seed       the address of the cluster's seed (the first node)
 * @param storagePort the inter-node port, the same on every node
 * @param nativePort the CQL port, the same on every node (each node binds its own address)
 * @param numTokens  virtual nodes per node
 * @param nodeDir    the node's own directory: data, commit log, saved caches, hints, CDC
 */
record CassandraConfig(String address, String seed, int storagePort, int nativePort, int numTokens, Path nodeDir) {

    /** Cassandra's default virtual nodes per node in 5.0. */
    static final int DEFAULT_NUM_TOKENS = 16;
    static final String CLUSTER_NAME = "distdb-ycsb";
    static final int RING_DELAY_MILLIS = 5000;

    /**
     * The JVM options of Cassandra's {@code conf/jvm-server.options} and {@code conf/jvm17-server.options} (5.0) that
     * a server started by the tarball's scripts gets on JDK 17, less {@code -XX:+AlwaysPreTouch} (it would make the
     * whole heap resident at start, and the report compares resident memory) and the heap dump on
     * {@code OutOfMemoryError} (a benchmark machine's disk is shared). Assertions stay on, as shipped.
     */
    static final List<String> JVM_OPTIONS = List.of(
            // jvm-server.options
            "-ea", "-da:net.openhft...",
            "-XX:+UseThreadPriorities", "-Xss256k",
            // What Cassandra's start-up check asks for (bin/cassandra sets an OnOutOfMemoryError kill instead).
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:+UseTLAB", "-XX:+ResizeTLAB", "-XX:+UseNUMA", "-XX:+PerfDisableSharedMem",
            "-Djava.net.preferIPv4Stack=true",
            // jvm17-server.options: G1 as tuned there
            "-XX:+UseG1GC", "-XX:+ParallelRefProcEnabled", "-XX:MaxTenuringThreshold=1", "-XX:G1HeapRegionSize=16m",
            "-XX:G1RSetUpdatingPauseTimePercent=5", "-XX:MaxGCPauseMillis=300",
            "-XX:InitiatingHeapOccupancyPercent=70",
            // jvm17-server.options: the module system opened for Cassandra's internals
            "-Djdk.attach.allowAttachSelf=true",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
            "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            // jvm17-server.options: Netty's direct buffers through Unsafe, and its allocator as before 4.1.75
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Dio.netty.allocator.useCacheForAllThreads=true",
            "-Dio.netty.allocator.maxOrder=11");

    String yaml() {
        String dir = nodeDir.toAbsolutePath().toString();
        return "cluster_name: '" + CLUSTER_NAME + "'\n"
                + "num_tokens: " + numTokens + "\n"
                // As Cassandra 5.0's shipped cassandra.yaml: balanced token allocation for replication factor 3.
                + "allocate_tokens_for_local_replication_factor: 3\n"
                + "partitioner: org.apache.cassandra.dht.Murmur3Partitioner\n"
                + "endpoint_snitch: SimpleSnitch\n"
                + "seed_provider:\n"
                + "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider\n"
                + "    parameters:\n"
                + "      - seeds: \"" + seed + ":" + storagePort + "\"\n"
                + "listen_address: " + address + "\n"
                + "rpc_address: " + address + "\n"
                + "storage_port: " + storagePort + "\n"
                + "native_transport_port: " + nativePort + "\n"
                + "start_native_transport: true\n"
                // A new, empty cluster: no node has data to stream, so none bootstraps.
                + "auto_bootstrap: false\n"
                + "data_file_directories:\n"
                + "  - " + dir + "/data\n"
                + "commitlog_directory: " + dir + "/commitlog\n"
                + "saved_caches_directory: " + dir + "/saved_caches\n"
                + "hints_directory: " + dir + "/hints\n"
                + "cdc_raw_directory: " + dir + "/cdc_raw\n"
                // The DistDB node's DISTDB_DURABILITY=interval with DISTDB_SYNC_INTERVAL_MILLIS=1000.
                + "commitlog_sync: periodic\n"
                + "commitlog_sync_period: 1000ms\n";
    }

    /** Cassandra's own log at INFO to standard output, which the runner sends to the node's log file. */
    static String logback() {
        return """
                <configuration scan="false">
                  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="STDOUT"/></root>
                </configuration>
                """;
    }

    /**
     * The command that starts the node: {@code java}, the options above, {@code heapFlags}, the system properties
     * that point Cassandra at this node's files, and {@code CassandraDaemon} on {@code classpath}. {@code jammJar},
     * if not null, is loaded as the agent Cassandra's scripts load (it measures the heap size of memtable objects).
     */
    List<String> command(Path java, String classpath, Path jammJar, List<String> heapFlags, Path yamlFile,
            Path logbackFile) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(heapFlags);
        if (jammJar != null) {
            command.add("-javaagent:" + jammJar);
        }
        command.add("-Dcassandra.config=" + yamlFile.toUri());
        command.add("-Dcassandra.storagedir=" + nodeDir.toAbsolutePath());
        command.add("-Dcassandra.logdir=" + nodeDir.toAbsolutePath().resolve("logs"));
        command.add("-Dlogback.configurationFile=" + logbackFile.toAbsolutePath());
        // Stay attached to the runner's pipes (otherwise the daemon closes stdout and stderr).
        command.add("-Dcassandra-foreground=yes");
        // A new cluster on one machine: no need to wait for gossip to settle before serving CQL.
        command.add("-Dcassandra.skip_wait_for_gossip_to_settle=0");
        // Loopback gossip needs no 30 s (the default) to learn the ring before a node picks its tokens.
        command.add("-Dcassandra.ring_delay_ms=" + RING_DELAY_MILLIS);
        command.add("-cp");
        command.add(classpath);
        command.add("org.apache.cassandra.service.CassandraDaemon");
        return command;
    }
}
