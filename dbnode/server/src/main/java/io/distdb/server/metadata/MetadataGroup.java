package io.distdb.server.metadata;

import io.distdb.admin.api.Member;
import io.distdb.admin.api.MemberState;
import io.distdb.admin.api.MetadataStatus;
import io.distdb.admin.api.Topology;
import io.distdb.server.cluster.ClusterView;
import io.distdb.server.cluster.Placement;
import io.distdb.server.config.NodeConfig;
import io.distdb.server.tls.NodeTls;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.protocol.RaftPeer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This node's place in the cluster's metadata group. It starts the node's {@link MetadataServer} as soon as
 * it knows how: from its storage after a restart; as a founder when the node is a cluster of one or one of
 * the voters of topology epoch 1; otherwise empty, to be added by the leader. While this node leads, it
 * keeps the group's membership in step with the ring ({@link VoterPlan}): members the operator adds to the
 * topology join as listeners, NORMAL members take the votes of members that leave.
 */
@Singleton
public class MetadataGroup {

    private static final Logger LOG = Logger.getLogger(MetadataGroup.class);
    private static final long RECONCILE_MILLIS = 1000;

    private final ClusterView cluster;
    private final MetadataPeers peers;
    private final boolean awaitTopology;
    private final MetadataServer.Settings settings;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    /** Metadata addresses (host:port) of members, learned from them. */
    private final Map<String, String> addresses = new ConcurrentHashMap<>();
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "metadata-group");
        t.setDaemon(true);
        return t;
    });
    private volatile MetadataServer server;
    private volatile String waitingFor = "the node has not started yet";
    private volatile boolean stopped;

    public MetadataGroup(NodeConfig config, ClusterView cluster, MetadataPeers peers, NodeTls tls) {
        this.cluster = cluster;
        this.peers = peers;
        this.awaitTopology = config.cluster().awaitTopology();
        long election = config.metadata().electionTimeout().toMillis();
        int port = config.metadata().port().orElseGet(() -> {
            int admin = ConfigProvider.getConfig().getOptionalValue("quarkus.management.port", Integer.class).orElse(9090);
            return admin == 0 ? 0 : admin + 100;
        });
        if (port == 0) {
            port = freePort(); // the group's configuration names the port, so it must be known before the server starts
        }
        // The group listens where the admin API does: node-to-node traffic stays on the interface chosen for it.
        String host = ConfigProvider.getConfig().getOptionalValue("quarkus.management.host", String.class).orElse("0.0.0.0");
        this.settings = new MetadataServer.Settings(config.dataDir().resolve("metadata"), host, port, election,
                2 * election, config.metadata().snapshotEvery(), config.metadata().requestTimeout().toMillis(),
                // Mutual TLS: members and their clients present node certificates, and the port takes nothing else.
                tls.enabled() ? new GrpcTlsConfig(tls.keyManager(), tls.nodesOnlyTrustManager(), true) : null);
    }

    void start(@Observes StartupEvent event) {
        cluster.onChange(placement -> background.execute(this::startOrReconcile));
        background.scheduleWithFixedDelay(this::startOrReconcile, 0, RECONCILE_MILLIS, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        background.shutdownNow();
        MetadataServer current = server;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                LOG.warnf("closing the metadata server: %s", e.getMessage());
            }
        }
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The running member, or an {@link MetadataServer.UnavailableException} saying why there is none yet. */
    public MetadataServer server() {
        MetadataServer current = server;
        if (current == null) {
            throw new MetadataServer.UnavailableException("the metadata group is not running on node " + cluster.selfId()
                    + " yet: " + waitingFor, null);
        }
        return current;
    }

    /** What {@code GET /admin/v1/metadata} reports. */
    public MetadataStatus status() {
        MetadataServer current = server;
        if (current == null) {
            return new MetadataStatus(cluster.selfId(), false, waitingFor, null, null, -1, List.of(), List.of(), -1, 0);
        }
        MetadataServer.Membership membership = current.membership();
        MetadataStateMachine.View view = current.stateMachine().view();
        return new MetadataStatus(cluster.selfId(), true, null, current.role(), current.leaderId(), current.currentTerm(),
                List.copyOf(membership.voters()), List.copyOf(membership.listeners()), view.appliedIndex(), view.version());
    }

    /**
     * The running member, waiting up to {@code millis} for it to start (a statement that arrives while the
     * node founds or joins the group waits for it rather than failing).
     */
    public MetadataServer server(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (server == null && System.currentTimeMillis() < deadline && !stopped) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return server();
    }

    public Optional<MetadataServer> running() {
        return Optional.ofNullable(server);
    }

    /** Calls {@code listener} after every change to the metadata this node applies. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** The port this node's metadata server listens on, for peers that add it to the group. */
    public int port() {
        MetadataServer current = server;
        return current != null ? current.port() : settings.port();
    }

    private void startOrReconcile() {
        if (stopped) {
            return;
        }
        try {
            if (server == null) {
                startServer();
            } else {
                reconcile(server);
            }
        } catch (RuntimeException | IOException e) {
            LOG.warnf("metadata group: %s", e.getMessage());
        }
    }

    private synchronized void startServer() throws IOException {
        if (server != null) {
            return;
        }
        String self = cluster.selfId();
        MetadataServer started;
        if (MetadataServer.hasStorage(settings.storageDir())) {
            started = MetadataServer.recover(self, settings);
        } else if (cluster.published().isEmpty()) {
            if (awaitTopology) {
                waitingFor = "the node waits for its cluster topology";
                return;
            }
            // A cluster of one founds a group of one: the same code, a quorum of itself.
            started = MetadataServer.found(self, settings, List.of(MetadataServer.peer(self, "localhost:" + settings.port(), false)));
        } else {
            Topology topology = cluster.published().get().topology();
            Member me = topology.member(self).orElseThrow();
            VoterPlan founding = VoterPlan.of(topology.members(), Set.of());
            if (topology.epoch() == 1 && me.state() == MemberState.NORMAL && founding.voters().contains(self)) {
                List<RaftPeer> voters = new ArrayList<>();
                for (String id : founding.voters()) {
                    String address = address(topology.member(id).orElseThrow());
                    if (address == null) {
                        waitingFor = "it founds the group with " + founding.voters() + " and has not reached " + id + " yet";
                        return;
                    }
                    voters.add(MetadataServer.peer(id, address, false));
                }
                started = MetadataServer.found(self, settings, voters);
            } else {
                // A node added later, or one that lost its disk: the leader adds it and sends it a snapshot.
                started = MetadataServer.join(self, settings);
            }
        }
        started.stateMachine().onChange(() -> listeners.forEach(Runnable::run));
        server = started;
        listeners.forEach(Runnable::run);
    }

    /** While this node leads: bring the group's voters and listeners in line with the topology. */
    private void reconcile(MetadataServer current) {
        Optional<Placement> placement = cluster.published();
        if (placement.isEmpty() || !current.isLeader()) {
            return;
        }
        MetadataServer.Membership membership = current.membership();
        if (membership.changing()) {
            return;
        }
        Topology topology = placement.get().topology();
        VoterPlan plan = VoterPlan.of(topology.members(), membership.voters());
        if (plan.matches(membership)) {
            return;
        }
        List<RaftPeer> voters = new ArrayList<>();
        List<RaftPeer> listening = new ArrayList<>();
        for (Member m : topology.members()) {
            RaftPeer known = current.peer(m.id());
            String address = known != null ? known.getAddress() : address(m);
            if (address == null) {
                LOG.infof("metadata group: member %s cannot be reached yet; it joins the group once it can", m.id());
                continue;
            }
            if (plan.voters().contains(m.id())) {
                voters.add(MetadataServer.peer(m.id(), address, false));
            } else {
                listening.add(MetadataServer.peer(m.id(), address, true));
            }
        }
        if (voters.size() != plan.voters().size()) {
            return; // a chosen voter is unreachable: keep the voters the group has until it answers
        }
        LOG.infof("metadata group: voters %s -> %s, listeners %s -> %s (topology epoch %d)", membership.voters(),
                plan.voters(), membership.listeners(), listening.stream().map(p -> p.getId().toString()).toList(),
                topology.epoch());
        current.setMembers(voters, listening);
    }

    /** The metadata address of {@code member}: its admin host and the port it reports; null if it does not answer. */
    private String address(Member member) {
        String known = addresses.get(member.id());
        if (known != null) {
            return known;
        }
        String host = member.address().substring(0, member.address().lastIndexOf(':'));
        if (member.id().equals(cluster.selfId())) {
            String mine = host + ":" + port();
            addresses.put(member.id(), mine);
            return mine;
        }
        try {
            String address = host + ":" + peers.metadataPort(member).get(3, TimeUnit.SECONDS);
            addresses.put(member.id(), address);
            return address;
        } catch (Exception e) {
            return null;
        }
    }
}
