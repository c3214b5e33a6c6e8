package io.distdb.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.admin.api.AdminClient;
import io.distdb.admin.api.AdminException;
import io.distdb.admin.api.Member;
import io.distdb.admin.api.MemberState;
import io.distdb.admin.api.MetadataStatus;
import io.distdb.admin.api.NodeState;
import io.distdb.admin.api.NodeStatus;
import io.distdb.admin.api.RebalanceState;
import io.distdb.admin.api.RebalanceStatus;
import io.distdb.admin.api.Topology;
import io.distdb.server.NodeProcess;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Data nodes as child processes on loopback, driven through their admin API exactly as the operator drives
 * them: a static member list for the first nodes, then published topologies and rebalances. Every node
 * gets the same admin token and the same peer token. {@link #close()} kills every process it started, and a shutdown hook does the
 * same if the test JVM exits without closing it.
 */
public final class LocalCluster implements AutoCloseable {

    static final String CLUSTER_NODES = "DISTDB_CLUSTER_NODES";

    /** What {@code GET /admin/v1/data} reports about the data a node holds. */
    record NodeData(long epoch, long keys, long keysNotOwned, long hintsPending) {

        static NodeData of(JsonNode body) {
            for (String field : List.of("epoch", "keys", "keysNotOwned", "hintsPending")) {
                if (!body.path(field).canConvertToLong()) {
                    throw new IllegalStateException("GET /admin/v1/data answered without a numeric '" + field + "': " + body);
                }
            }
            return new NodeData(body.get("epoch").asLong(), body.get("keys").asLong(),
                    body.get("keysNotOwned").asLong(), body.get("hintsPending").asLong());
        }
    }

    private final Path dir;
    private final String token;
    private final String peerToken = "peer-" + UUID.randomUUID();
    private final JsonHttp http = new JsonHttp(Duration.ofSeconds(30));
    private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();
    private final List<String> routed = new CopyOnWriteArrayList<>();
    private final Thread reaper = new Thread(this::killAll, "local-cluster-reaper");
    private final Map<String, String> commonEnv = new LinkedHashMap<>();

    public LocalCluster(Path dir, String token) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.token = token;
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    public static void log(String format, Object... args) {
        System.out.printf("[%s] %s%n", LocalTime.now().truncatedTo(ChronoUnit.MILLIS), String.format(format, args));
        System.out.flush();
    }

    /** Sets an environment variable of every node created from now on. */
    public LocalCluster env(String name, String value) {
        commonEnv.put(name, value);
        return this;
    }

    String token() {
        return token;
    }

    /** The node-to-node credential every node of the cluster shares (TLS is off here). */
    String peerToken() {
        return peerToken;
    }

    /** A node process with its ports chosen, not started. */
    synchronized NodeProcess create(String id) throws IOException {
        if (nodes.containsKey(id)) {
            throw new IllegalArgumentException("node " + id + " exists");
        }
        NodeProcess node = new NodeProcess(dir.resolve(id), Map.of(
                "DISTDB_NODE_ID", id,
                "DISTDB_ADMIN_TOKEN", token,
                "DISTDB_PEER_TOKEN", peerToken,
                "DISTDB_DURABILITY", "sync"));
        commonEnv.forEach(node::env);
        nodes.put(id, node);
        return node;
    }

    public synchronized NodeProcess node(String id) {
        NodeProcess node = nodes.get(id);
        if (node == null) {
            throw new IllegalArgumentException("no node " + id);
        }
        return node;
    }

    Member member(String id, MemberState state) {
        return new Member(id, node(id).adminAddress(), state);
    }

    /**
     * Creates and starts nodes that form a cluster from a static member list ({@code id@host:adminPort,...}),
     * as a cluster without an operator starts; they route client requests from then on.
     */
    public void startStatic(List<String> ids, int replicationFactor, int vnodes) throws Exception {
        List<NodeProcess> created = new ArrayList<>();
        for (String id : ids) {
            created.add(create(id));
        }
        String members = ids.stream().map(id -> id + "@" + node(id).adminAddress()).collect(Collectors.joining(","));
        for (NodeProcess node : created) {
            node.env(CLUSTER_NODES, members)
                    .env("DISTDB_REPLICATION_FACTOR", Integer.toString(replicationFactor))
                    .env("DISTDB_VNODES", Integer.toString(vnodes));
        }
        startAll(ids);
        routed.addAll(ids);
    }

    /** Creates and starts nodes that wait for a published topology; they are not routed to yet. */
    void startAwaiting(List<String> ids) throws Exception {
        for (String id : ids) {
            create(id).env("DISTDB_AWAIT_TOPOLOGY", "true");
        }
        startAll(ids);
    }

    private void startAll(List<String> ids) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(ids.size());
        try {
            List<Future<?>> starts = new ArrayList<>();
            for (String id : ids) {
                starts.add(pool.submit(() -> {
                    node(id).start();
                    return null;
                }));
            }
            for (Future<?> start : starts) {
                start.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        log("started %s", ids.stream().map(id -> id + " (client " + node(id).port() + ", admin " + node(id).adminPort() + ")")
                .collect(Collectors.joining(", ")));
    }

    /** The nodes the writer and the readers send client requests to. */
    List<String> routedIds() {
        return List.copyOf(routed);
    }

    List<String> routedUris() {
        List<String> uris = new ArrayList<>();
        for (String id : routed) {
            uris.add(node(id).baseUri());
        }
        return uris;
    }

    String randomRoutedUri(Random random) {
        List<String> uris = routedUris();
        return uris.get(random.nextInt(uris.size()));
    }

    void route(String id) {
        if (!routed.contains(id)) {
            routed.add(id);
        }
    }

    void unroute(String id) {
        routed.remove(id);
    }

    public AdminClient admin(String id) {
        return new AdminClient(URI.create(node(id).adminUri()), token);
    }

    NodeStatus status(String id) {
        return admin(id).status();
    }

    NodeData data(String id) {
        JsonHttp.Answer answer = http.get(node(id).adminUri() + "/admin/v1/data", "Authorization", "Bearer " + token);
        if (answer.status() != 200) {
            throw new AdminException(answer.status(), "data", "GET /admin/v1/data on " + id + ": " + answer);
        }
        return NodeData.of(answer.body());
    }

    /** Publishes {@code topology} to each node, retrying a node that cannot be reached for a while. */
    void publish(Topology topology, Collection<String> ids) throws InterruptedException {
        for (String id : ids) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (true) {
                try {
                    Topology accepted = admin(id).putTopology(topology);
                    if (accepted.epoch() != topology.epoch() || accepted.replicationFactor() != topology.replicationFactor()
                            || accepted.vnodes() != topology.vnodes()
                            || !Set.copyOf(accepted.members()).equals(Set.copyOf(topology.members()))) {
                        throw new AssertionError(id + " answered the topology of epoch " + topology.epoch()
                                + " with another one: " + accepted);
                    }
                    break;
                } catch (AdminException e) {
                    if (!e.isUnreachable() || System.nanoTime() > deadline) {
                        throw new AssertionError("publishing epoch " + topology.epoch() + " to " + id + " failed: "
                                + e.getMessage(), e);
                    }
                    Thread.sleep(500);
                }
            }
        }
        log("published topology epoch %d to %s: %s", topology.epoch(), ids,
                topology.members().stream().map(m -> m.id() + " " + m.state()).collect(Collectors.joining(", ")));
    }

    /**
     * Starts the rebalance of {@code epoch} on every node and waits until every node reports it COMPLETED.
     * A node that reports FAILED is asked again (a rebalance resumes where it stopped), as the operator does.
     */
    void rebalance(long epoch, Collection<String> ids, Duration timeout) throws InterruptedException {
        for (String id : ids) {
            admin(id).startRebalance(epoch);
        }
        log("started the rebalance of epoch %d on %s", epoch, ids);
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = 0;
        Map<String, RebalanceStatus> last = new LinkedHashMap<>();
        while (true) {
            boolean done = true;
            for (String id : ids) {
                RebalanceStatus status;
                try {
                    status = admin(id).rebalance();
                } catch (AdminException e) {
                    if (!e.isUnreachable()) {
                        throw e;
                    }
                    done = false;
                    continue;
                }
                last.put(id, status);
                if (status.epoch() != epoch || status.state() != RebalanceState.COMPLETED) {
                    done = false;
                }
                if (status.epoch() == epoch && status.state() == RebalanceState.FAILED) {
                    log("the rebalance of epoch %d failed on %s (%s); starting it again", epoch, id, status.error());
                    admin(id).startRebalance(epoch);
                }
            }
            if (done) {
                log("rebalance of epoch %d completed: %s", epoch, describe(last));
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the rebalance of epoch " + epoch + " did not complete within " + timeout
                        + ": " + describe(last));
            }
            if (System.nanoTime() > nextReport) {
                log("rebalance of epoch %d: %s", epoch, describe(last));
                nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            }
            Thread.sleep(500);
        }
    }

    private static String describe(Map<String, RebalanceStatus> statuses) {
        return statuses.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().state() + " epoch " + e.getValue().epoch() + " ranges "
                        + e.getValue().rangesDone() + "/" + e.getValue().rangesTotal() + " bytes " + e.getValue().bytesMoved())
                .collect(Collectors.joining("; "));
    }

    void awaitState(String id, NodeState state, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        NodeStatus status = null;
        while (System.nanoTime() < deadline) {
            try {
                status = status(id);
                if (status.state() == state) {
                    return;
                }
            } catch (AdminException e) {
                if (!e.isUnreachable()) {
                    throw e;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError(id + " did not report " + state + " within " + timeout + "; last status " + status);
    }

    /**
     * Waits until every node of {@code ids} runs topology {@code epoch} as a NORMAL member and holds nothing it
     * does not own and no pending hints; returns what each then reports.
     */
    Map<String, NodeData> awaitSettled(long epoch, Collection<String> ids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> last = new LinkedHashMap<>();
        while (true) {
            Map<String, NodeData> data = new LinkedHashMap<>();
            boolean settled = true;
            for (String id : ids) {
                try {
                    NodeStatus status = status(id);
                    NodeData held = data(id);
                    last.put(id, status.state() + " epoch " + status.topologyEpoch() + " " + held);
                    data.put(id, held);
                    if (status.topologyEpoch() != epoch || status.state() != NodeState.NORMAL || held.epoch() != epoch
                            || held.keysNotOwned() != 0 || held.hintsPending() != 0) {
                        settled = false;
                    }
                } catch (AdminException e) {
                    last.put(id, e.getMessage());
                    settled = false;
                }
            }
            if (settled) {
                log("settled at epoch %d: %s", epoch, data);
                return data;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the nodes did not settle at epoch " + epoch + " (NORMAL, keysNotOwned 0, "
                        + "hintsPending 0) within " + timeout + ": " + last);
            }
            Thread.sleep(1000);
        }
    }

    /** Stops a node cleanly; client requests are no longer sent to it. */
    void stop(String id) throws InterruptedException {
        unroute(id);
        node(id).close();
        log("stopped %s", id);
    }

    /** SIGKILL; the node stays routed, so clients keep trying it and fail over, as they would. */
    public void kill(String id) throws InterruptedException {
        node(id).kill();
        log("killed %s with SIGKILL", id);
    }

    public void restart(String id) throws Exception {
        node(id).start();
        log("restarted %s on %s", id, node(id).dataDir());
    }

    /** The node's view of the metadata group ({@code GET /admin/v1/metadata}). */
    public MetadataStatus metadata(String id) {
        return admin(id).metadata();
    }

    /** SIGTERM, then waits until the process has exited; the node stays routed. Returns the milliseconds it took. */
    public long terminate(String id, Duration wait) throws InterruptedException {
        long start = System.nanoTime();
        node(id).terminate();
        if (!node(id).awaitExit(wait)) {
            throw new AssertionError(id + " did not exit within " + wait + " of SIGTERM; see " + node(id).log());
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        log("terminated %s with SIGTERM; it exited after %d ms", id, millis);
        return millis;
    }

    /** SIGSTOP: the process stops where it is, its sockets stay open and nothing answers, as in a network partition. */
    public void pause(String id) throws Exception {
        signal(id, "-STOP");
        log("paused %s with SIGSTOP", id);
    }

    /** SIGCONT after {@link #pause}. */
    public void resume(String id) throws Exception {
        signal(id, "-CONT");
        log("resumed %s with SIGCONT", id);
    }

    private void signal(String id, String signal) throws Exception {
        long pid = node(id).pid();
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill " + signal + " " + pid + " (" + id + ") failed: " + output);
        }
    }

    /** The last lines of every node's log, for a failure report. */
    public synchronized String logTails(int lines) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, NodeProcess> e : nodes.entrySet()) {
            Path log = e.getValue().log();
            out.append("---- ").append(e.getKey()).append(" (").append(log).append(")\n");
            try {
                List<String> all = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> out.append(l).append('\n'));
            } catch (IOException | RuntimeException ex) {
                out.append("(cannot read: ").append(ex).append(")\n");
            }
        }
        return out.toString();
    }

    private synchronized void killAll() {
        for (NodeProcess node : nodes.values()) {
            try {
                node.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException ignored) {
                // best effort: the next one still gets killed
            }
        }
    }

    /** Kills every node process this cluster started. */
    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
