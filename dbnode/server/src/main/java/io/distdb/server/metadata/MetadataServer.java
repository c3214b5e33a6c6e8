package io.distdb.server.metadata;

import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.ReplicationLevel;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * This node's member of the metadata group: an Apache Ratis server holding a {@link MetadataStateMachine},
 * and a client that sends it commands. Framework-free, so tests run several in one JVM.
 *
 * <p>Every node of a cluster is in the group: a bounded set as voters (they elect the leader and make a
 * change durable), the rest as listeners that only receive the log; every node applies every change, so
 * each plans SQL against its own copy of the catalog.
 */
public final class MetadataServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MetadataServer.class);

    /** One group per cluster, always the same id: a node can only ever belong to its own cluster's group. */
    public static final RaftGroupId GROUP_ID = RaftGroupId.valueOf(UUID.nameUUIDFromBytes(
            "distdb-metadata".getBytes(StandardCharsets.UTF_8)));

    /** How the server was started. */
    public enum Start {
        /** From its storage, with the membership its log holds. */
        RECOVER,
        /** As one of the members that found a new group. */
        FOUND,
        /** Empty, waiting for the leader to add it. */
        JOIN
    }

    /**
     * Settings of the group.
     *
     * @param tls mutual TLS for every connection of the group (server, its calls to the other members, clients),
     *            or null for plain text
     */
    public record Settings(Path storageDir, String host, int port, long electionMinMillis, long electionMaxMillis,
                           long snapshotEveryEntries, long requestTimeoutMillis, GrpcTlsConfig tls) {

        public Settings(Path storageDir, String host, int port, long electionMinMillis, long electionMaxMillis,
                        long snapshotEveryEntries, long requestTimeoutMillis) {
            this(storageDir, host, port, electionMinMillis, electionMaxMillis, snapshotEveryEntries, requestTimeoutMillis, null);
        }
    }

    /** The group cannot answer now (no leader, no quorum, or this node is not in it yet). */
    public static final class UnavailableException extends RuntimeException {
        public UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String selfId;
    private final Settings settings;
    private final RaftProperties properties;
    private final Parameters parameters;
    private final MetadataStateMachine stateMachine = new MetadataStateMachine();
    private final RaftServer server;
    private volatile RaftClient client;
    private volatile Set<String> clientPeers = Set.of();
    private final java.util.concurrent.ScheduledExecutorService retired = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "metadata-client-retire");
        t.setDaemon(true);
        return t;
    });
    /** Blocking calls to the group run here, so a caller can stop waiting for one. */
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "metadata-client");
        t.setDaemon(true);
        return t;
    });

    private MetadataServer(String selfId, Settings settings, RaftGroup group, Start start) throws IOException {
        this.selfId = selfId;
        this.settings = settings;
        this.properties = properties(settings);
        this.parameters = parameters(settings);
        this.server = RaftServer.newBuilder()
                .setParameters(parameters)
                .setServerId(RaftPeerId.valueOf(selfId))
                .setGroup(group)
                .setStateMachine(stateMachine)
                .setProperties(properties)
                .setOption(start == Start.RECOVER ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                .build();
        server.start();
        LOG.infof("metadata group member %s started (%s) on port %d with %s", selfId, start, port(), group.getPeers());
    }

    /** Whether {@code storageDir} holds this group's storage from an earlier run. */
    public static boolean hasStorage(Path storageDir) {
        return Files.isDirectory(storageDir.resolve(GROUP_ID.getUuid().toString()));
    }

    /** Starts from storage: the membership comes from the log. */
    public static MetadataServer recover(String selfId, Settings settings) throws IOException {
        return new MetadataServer(selfId, settings, RaftGroup.valueOf(GROUP_ID), Start.RECOVER);
    }

    /** Founds the group with {@code voters} (all founders pass the same list). */
    public static MetadataServer found(String selfId, Settings settings, List<RaftPeer> voters) throws IOException {
        return new MetadataServer(selfId, settings, RaftGroup.valueOf(GROUP_ID, voters), Start.FOUND);
    }

    /** Starts empty; the group's leader adds this member and sends it the log or a snapshot. */
    public static MetadataServer join(String selfId, Settings settings) throws IOException {
        return new MetadataServer(selfId, settings, RaftGroup.valueOf(GROUP_ID), Start.JOIN);
    }

    /** The gRPC transport's TLS, the same for the server, its calls to the other members, and clients. */
    private static Parameters parameters(Settings settings) {
        Parameters p = new Parameters();
        if (settings.tls() != null) {
            GrpcConfigKeys.Server.setTlsConf(p, settings.tls());
            GrpcConfigKeys.Client.setTlsConf(p, settings.tls());
            GrpcConfigKeys.Admin.setTlsConf(p, settings.tls());
        }
        return p;
    }

    private static RaftProperties properties(Settings settings) {
        RaftProperties p = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(p, List.of(settings.storageDir().toFile()));
        GrpcConfigKeys.Server.setHost(p, settings.host());
        GrpcConfigKeys.Server.setPort(p, settings.port());
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(settings.electionMinMillis(), TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(settings.electionMaxMillis(), TimeUnit.MILLISECONDS));
        // Reads that must see every committed change ask the leader, which confirms it still leads first.
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, settings.snapshotEveryEntries());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, org.apache.ratis.util.SizeInBytes.valueOf("8MB"));
        RaftServerConfigKeys.Log.setPreallocatedSize(p, org.apache.ratis.util.SizeInBytes.valueOf("1MB"));
        // One attempt waits at most a third of a statement's wait, so an unresponsive member (a paused process
        // that still holds its connections) leaves time to try the next one.
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(Math.max(500, settings.requestTimeoutMillis() / 3),
                TimeUnit.MILLISECONDS));
        return p;
    }

    public String selfId() {
        return selfId;
    }

    /** The port the server listens on (the configured one, or the one it was given when that was 0). */
    public int port() {
        try {
            return server.getServerRpc().getInetSocketAddress().getPort();
        } catch (Exception e) {
            return settings.port();
        }
    }

    public MetadataStateMachine stateMachine() {
        return stateMachine;
    }

    private RaftServer.Division division() throws IOException {
        return server.getDivision(GROUP_ID);
    }

    /** The voters and listeners of the current configuration (empty until this member was added). */
    public Membership membership() {
        try {
            var conf = division().getRaftConf();
            return new Membership(ids(conf.getCurrentPeers(RaftPeerRole.FOLLOWER)), ids(conf.getCurrentPeers(RaftPeerRole.LISTENER)),
                    !conf.getPreviousPeers().isEmpty() || !conf.getPreviousPeers(RaftPeerRole.LISTENER).isEmpty());
        } catch (IOException e) {
            return new Membership(Set.of(), Set.of(), false);
        }
    }

    /** Who votes, who listens, and whether a change of membership is under way. */
    public record Membership(Set<String> voters, Set<String> listeners, boolean changing) {
    }

    private List<RaftPeer> peers() throws IOException {
        var conf = division().getRaftConf();
        List<RaftPeer> all = new ArrayList<>(conf.getCurrentPeers(RaftPeerRole.FOLLOWER));
        all.addAll(conf.getCurrentPeers(RaftPeerRole.LISTENER));
        return all;
    }

    public RaftPeer peer(String id) {
        try {
            var conf = division().getRaftConf();
            RaftPeer p = conf.getPeer(RaftPeerId.valueOf(id), RaftPeerRole.FOLLOWER, RaftPeerRole.LISTENER);
            return p;
        } catch (IOException e) {
            return null;
        }
    }

    private static Set<String> ids(Collection<RaftPeer> peers) {
        Set<String> ids = new TreeSet<>();
        peers.forEach(p -> ids.add(p.getId().toString()));
        return ids;
    }

    public boolean isLeader() {
        try {
            return division().getInfo().isLeaderReady();
        } catch (IOException e) {
            return false;
        }
    }

    /** LEADER, FOLLOWER, CANDIDATE or LISTENER. */
    public String role() {
        try {
            return division().getInfo().getCurrentRole().name();
        } catch (IOException e) {
            return "NONE";
        }
    }

    /** The leader's id as this member knows it, or null. */
    public String leaderId() {
        try {
            RaftPeerId id = division().getInfo().getLeaderId();
            return id == null ? null : id.toString();
        } catch (IOException e) {
            return null;
        }
    }

    public long currentTerm() {
        try {
            return division().getInfo().getCurrentTerm();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * A client that knows the current members (made again when they change), starting from the leader this
     * member knows. Its calls are blocking and independent of each other, so a call that gives up holds up
     * no other; each is retried every 100 ms, within a bounded number of attempts, on the next leader.
     */
    private synchronized RaftClient client() throws IOException {
        List<RaftPeer> peers = peers();
        Set<String> ids = ids(peers);
        String leader = leaderId();
        boolean leaderMoved = client != null && leader != null && ids.contains(leader)
                && !leader.equals(String.valueOf(client.getLeaderId()));
        if (client == null || !ids.equals(clientPeers) || leaderMoved) {
            retire(client);
            if (peers.isEmpty()) {
                throw new UnavailableException("this node is not a member of the metadata group yet", null);
            }
            RaftClient.Builder builder = RaftClient.newBuilder()
                    .setProperties(properties)
                    .setRaftGroup(RaftGroup.valueOf(GROUP_ID, peers))
                    .setClientId(ClientId.randomId())
                    .setClientRpc(new GrpcFactory(parameters).newRaftClientRpc(ClientId.randomId(), properties))
                    .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                            (int) Math.max(10, settings.requestTimeoutMillis() / 100), TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)));
            if (leader != null && ids.contains(leader)) {
                builder.setLeaderId(RaftPeerId.valueOf(leader));
            }
            client = builder.build();
            clientPeers = ids;
        }
        return client;
    }

    /** Closes a replaced client once the calls that may still use it are over. */
    private void retire(RaftClient old) {
        if (old == null) {
            return;
        }
        retired.schedule(() -> {
            try {
                old.close();
            } catch (IOException e) {
                LOG.debugf("closing a replaced metadata client: %s", e.getMessage());
            }
        }, 2 * settings.requestTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    /** What a command answered, and the log index it was committed at. */
    public record Reply(long value, long logIndex) {
    }

    /**
     * Sends {@code command} through the leader and waits until it is committed and applied on this member too,
     * or fails after the request timeout with {@link UnavailableException}. A change (not an allocation,
     * which may land late without harm) that does not answer in time is aborted through the group: the log
     * then decides whether it was applied (its answer is returned) or will never be (the exception says that
     * nothing changed); if even the abort cannot be committed, the exception says the outcome is unknown.
     */
    public Reply submit(MetadataCommand command) {
        try {
            RaftClientReply reply = call(() -> client().io().send(message(command)), "change the metadata");
            return applied(reply);
        } catch (UnavailableException e) {
            if (!(command instanceof MetadataCommand.Commit commit)) {
                throw e;
            }
            RaftClientReply aborted;
            try {
                aborted = call(() -> client().io().send(message(new MetadataCommand.Abort(commit.requestId()))),
                        "settle an unanswered change");
            } catch (UnavailableException again) {
                throw new UnavailableException(e.getMessage() + "; whether the change is made is unknown until the group"
                        + " recovers: it is made then if the leader had logged it", e);
            }
            Reply outcome = applied(aborted);
            if (outcome.value() == MetadataState.ABORTED) {
                throw new UnavailableException(e.getMessage() + "; nothing was changed", e);
            }
            return outcome;
        }
    }

    private Reply applied(RaftClientReply reply) {
        Reply answer = new Reply(MetadataStateMachine.readLong(reply.getMessage().getContent()), reply.getLogIndex());
        awaitLocal(reply.getLogIndex());
        return answer;
    }

    private static Message message(MetadataCommand command) {
        return Message.valueOf(ByteString.copyFrom(command.encode()));
    }

    /** Waits until every member of the group has committed {@code index}, for at most {@code millis}; returns whether all did. */
    public boolean awaitEveryone(long index, long millis) {
        try {
            RaftClientReply reply = calls.submit(() -> client().io().watch(index, ReplicationLevel.ALL_COMMITTED))
                    .get(millis, TimeUnit.MILLISECONDS);
            return reply.isSuccess();
        } catch (Exception e) {
            return false;
        }
    }

    /** Waits until this member has applied everything committed before the call (a linearizable read of the leader). */
    public void sync() {
        RaftClientReply reply = call(() -> client().io().sendReadOnly(Message.EMPTY), "read the metadata");
        awaitLocal(MetadataStateMachine.readLong(reply.getMessage().getContent()));
    }

    private void awaitLocal(long index) {
        try {
            if (!stateMachine.awaitApplied(index, settings.requestTimeoutMillis())) {
                throw new UnavailableException("this node has not applied metadata entry " + index + " within "
                        + settings.requestTimeoutMillis() + " ms", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while waiting for the metadata", e);
        }
    }

    /** Changes who votes and who listens. Only the leader's call succeeds; returns whether it did. */
    public boolean setMembers(List<RaftPeer> voters, List<RaftPeer> listeners) {
        try {
            SetConfigurationRequest.Arguments arguments = SetConfigurationRequest.Arguments.newBuilder()
                    .setServersInNewConf(voters)
                    .setListenersInNewConf(listeners)
                    .build();
            RaftClientReply reply = client().admin().setConfiguration(arguments);
            return reply.isSuccess();
        } catch (IOException e) {
            LOG.infof("changing the metadata group's members failed: %s", e.getMessage());
            return false;
        }
    }

    @FunctionalInterface
    private interface Call {
        RaftClientReply send() throws IOException;
    }

    /**
     * Runs a blocking call on the client's threads and waits for it up to the request timeout. A call that
     * runs longer goes on in the background until its retries are spent; the caller is told now.
     */
    private RaftClientReply call(Call call, String what) {
        try {
            RaftClientReply reply = calls.submit(call::send).get(settings.requestTimeoutMillis(), TimeUnit.MILLISECONDS);
            if (!reply.isSuccess()) {
                throw new UnavailableException("the metadata group could not " + what + ": " + reply.getException(), reply.getException());
            }
            return reply;
        } catch (TimeoutException e) {
            throw new UnavailableException("the metadata group could not " + what + " within " + settings.requestTimeoutMillis()
                    + " ms: it has no leader or no quorum of voters can be reached (leader as this node knows it: "
                    + leaderId() + ")", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnavailableException u) {
                throw u;
            }
            throw new UnavailableException("the metadata group could not " + what + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while waiting for the metadata group", e);
        }
    }

    @Override
    public void close() throws IOException {
        calls.shutdownNow();
        retired.shutdownNow();
        RaftClient c = client;
        if (c != null) {
            c.close();
        }
        server.close();
    }

    /** A peer for the configuration: {@code address} is host:port of its metadata server. */
    public static RaftPeer peer(String id, String address, boolean listener) {
        return RaftPeer.newBuilder().setId(id).setAddress(address)
                .setStartupRole(listener ? RaftPeerRole.LISTENER : RaftPeerRole.FOLLOWER).build();
    }
}
