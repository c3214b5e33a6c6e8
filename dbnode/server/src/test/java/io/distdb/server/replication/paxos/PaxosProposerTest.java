package io.distdb.server.replication.paxos;

import io.distdb.server.replication.HybridClock;
import io.distdb.server.replication.LocalReplica;
import io.distdb.server.replication.Versioned;
import io.distdb.storage.Durability;
import io.distdb.storage.KvStore;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaxosProposerTest {

    private static final List<String> REPLICAS = List.of("r1", "r2", "r3");

    @TempDir
    Path dir;

    private final List<KvStore> stores = new ArrayList<>();
    private final Map<String, LocalReplica> replicas = new LinkedHashMap<>();
    private final Map<String, PaxosAcceptor> acceptors = new LinkedHashMap<>();

    @AfterEach
    void close() {
        stores.forEach(KvStore::close);
    }

    private void startReplicas() {
        for (String id : REPLICAS) {
            KvStore store = LsmStore.open(dir.resolve(id), LsmOptions.builder().durability(Durability.NONE).build());
            stores.add(store);
            LocalReplica replica = new LocalReplica(store, new HybridClock());
            replicas.put(id, replica);
            acceptors.put(id, new PaxosAcceptor(replica));
        }
    }

    private static PaxosProposer proposer(PaxosTransport transport, String node, long timeoutMillis) {
        return new PaxosProposer(transport, key -> new ReplicaSet(REPLICAS, List.of()), new HybridClock(), node, timeoutMillis, 1000);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void concurrentProposersOfOneKeyNeverBothWinDespiteLostReorderedAndDuplicatedMessages() throws Exception {
        startReplicas();
        int keys = 40;
        int proposers = 6;
        try (SimulatedNetwork network = new SimulatedNetwork(acceptors, 0.05, 0.1, 7)) {
            Map<Integer, List<String>> winners = new ConcurrentHashMap<>();
            Map<Integer, List<String>> uncertain = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(proposers);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> runs = new ArrayList<>();
            for (int p = 0; p < proposers; p++) {
                String node = "n" + p;
                PaxosProposer proposer = proposer(network, node, 20_000);
                runs.add(pool.submit(() -> {
                    start.await();
                    for (int k = 0; k < keys; k++) {
                        try {
                            CasResult result = proposer.compareAndSet(bytes("k" + k), current -> current == null, bytes(node));
                            if (result.applied()) {
                                winners.computeIfAbsent(k, x -> new ArrayList<>()).add(node);
                            } else {
                                assertTrue(result.current() != null, "a refusal names the value that stopped it");
                            }
                        } catch (PaxosContentionException | PaxosUnavailableException e) {
                            uncertain.computeIfAbsent(k, x -> new ArrayList<>()).add(node);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> run : runs) {
                run.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();

            // A proposer on a reliable network reads every key, completing whatever was left in progress.
            PaxosProposer reader = proposer(acceptorsDirect(), "reader", 5_000);
            for (int k = 0; k < keys; k++) {
                List<String> won = winners.getOrDefault(k, List.of());
                assertTrue(won.size() <= 1, "key k" + k + " was won by " + won);
                byte[][] seen = new byte[1][];
                CasResult read = reader.compareAndSet(bytes("k" + k), current -> {
                    seen[0] = current;
                    return false;
                }, null);
                assertFalse(read.applied());
                if (won.size() == 1) {
                    assertArrayEquals(bytes(won.get(0)), seen[0], "key k" + k + " holds its winner's value");
                } else {
                    assertTrue(seen[0] == null || uncertain.getOrDefault(k, List.of()).contains(new String(seen[0], StandardCharsets.UTF_8)),
                            "without a sure winner, k" + k + " holds the value of a proposer whose outcome was unknown");
                }
            }
        }
    }

    @Test
    void aChosenButUncommittedProposalIsCompletedByTheNextProposer() {
        startReplicas();
        byte[] key = bytes("k");
        Ballot first = new Ballot(new HybridClock().now(), "crashed");
        Proposal chosen = new Proposal(first, Versioned.value(first.timestamp(), bytes("first")));
        // The first proposer got a quorum of accepts (r1, r2) and crashed before committing anything.
        for (String id : List.of("r1", "r2")) {
            assertTrue(acceptors.get(id).prepare(key, first).granted());
            assertTrue(acceptors.get(id).propose(key, chosen));
        }
        PaxosProposer next = proposer(acceptorsDirect(), "next", 5_000);
        CasResult result = next.compareAndSet(key, current -> current == null, bytes("second"));
        assertFalse(result.applied(), "the key is no longer absent: the first proposal was chosen");
        assertArrayEquals(bytes("first"), result.current());
        for (String id : REPLICAS) {
            Versioned v = replicas.get(id).read(key);
            assertArrayEquals(bytes("first"), v.payload(), id + " got the completed proposal");
            assertNull(acceptors.get(id).state(key).accepted(), id + " settled the accepted proposal");
        }
    }

    @Test
    void aProposalAcceptedByOneReplicaIsCompletedWhenThatReplicaIsInTheQuorum() {
        startReplicas();
        byte[] key = bytes("k");
        Ballot first = new Ballot(new HybridClock().now(), "crashed");
        assertTrue(acceptors.get("r1").prepare(key, first).granted());
        assertTrue(acceptors.get("r1").propose(key, new Proposal(first, Versioned.value(first.timestamp(), bytes("first")))));
        try (SimulatedNetwork network = new SimulatedNetwork(acceptors, 0, 0, 1)) {
            network.cutOff("r3"); // the quorum must be r1 and r2
            CasResult result = proposer(network, "next", 5_000).compareAndSet(key, current -> current == null, bytes("second"));
            assertFalse(result.applied());
            assertArrayEquals(bytes("first"), result.current());
        }
    }

    @Test
    void aCommitIsTimestampedAfterANewerWriteItSaw() {
        startReplicas();
        byte[] key = bytes("k");
        long future = new HybridClock().now() + (60_000L << 16);
        replicas.values().forEach(r -> r.apply(key, Versioned.value(future, bytes("ahead"))));
        CasResult result = proposer(acceptorsDirect(), "p", 5_000).compareAndSet(key, current -> true, bytes("mine"));
        assertTrue(result.applied());
        for (LocalReplica replica : replicas.values()) {
            assertArrayEquals(bytes("mine"), replica.read(key).payload(), "the CAS's write wins over the one it read");
        }
    }

    @Test
    void aDeleteIsATombstoneAndTheKeyReadsAbsentAfterIt() {
        startReplicas();
        byte[] key = bytes("k");
        PaxosProposer p = proposer(acceptorsDirect(), "p", 5_000);
        assertTrue(p.compareAndSet(key, current -> current == null, bytes("v")).applied());
        assertFalse(p.compareAndSet(key, current -> current == null, bytes("w")).applied());
        assertTrue(p.compareAndSet(key, current -> current != null && new String(current, StandardCharsets.UTF_8).equals("v"), null).applied());
        assertTrue(replicas.get("r2").read(key).tombstone());
        assertTrue(p.compareAndSet(key, current -> current == null, bytes("w")).applied());
    }

    @Test
    void aCommitAtAllNeedsEveryReplicaWhileTheRoundsNeedAMajority() {
        startReplicas();
        try (SimulatedNetwork network = new SimulatedNetwork(acceptors, 0, 0, 1)) {
            network.cutOff("r3");
            PaxosProposer p = proposer(network, "p", 2_000);
            CasResult atQuorum = p.compareAndSet(bytes("q"), current -> true, bytes("v"),
                    key -> ReplicaSet.of(REPLICAS, List.of(), io.distdb.server.replication.Consistency.QUORUM));
            assertTrue(atQuorum.applied(), "a majority decides and commits");
            PaxosUnavailableException e = assertThrows(PaxosUnavailableException.class, () -> p.compareAndSet(bytes("a"),
                    current -> true, bytes("v"), key -> ReplicaSet.of(REPLICAS, List.of(), io.distdb.server.replication.Consistency.ALL)));
            assertTrue(e.maybeApplied(), "decided by a majority, committed short of ALL: the client is told it may be applied");
        }
    }

    @Test
    void tooFewReplicasIsUnavailableNotContention() {
        startReplicas();
        try (SimulatedNetwork network = new SimulatedNetwork(acceptors, 0, 0, 1)) {
            network.cutOff("r2");
            network.cutOff("r3");
            PaxosUnavailableException e = assertThrows(PaxosUnavailableException.class,
                    () -> proposer(network, "p", 2_000).compareAndSet(bytes("k"), current -> true, bytes("v")));
            assertFalse(e.maybeApplied());
        }
    }

    @Test
    void aPromiseSurvivesARestartOfTheReplica() {
        Path path = dir.resolve("restart");
        byte[] key = bytes("k");
        Ballot high = new Ballot(2_000L << 16, "b");
        Ballot low = new Ballot(1_000L << 16, "a");
        try (KvStore store = LsmStore.open(path, LsmOptions.builder().durability(Durability.NONE).build())) {
            assertTrue(new PaxosAcceptor(new LocalReplica(store, new HybridClock())).prepare(key, high).granted());
        }
        try (KvStore store = LsmStore.open(path, LsmOptions.builder().durability(Durability.NONE).build())) {
            PaxosAcceptor acceptor = new PaxosAcceptor(new LocalReplica(store, new HybridClock()));
            Promise refused = acceptor.prepare(key, low);
            assertFalse(refused.granted());
            assertEquals(high, refused.promised());
            assertFalse(acceptor.propose(key, new Proposal(low, Versioned.value(low.timestamp(), bytes("late")))));
            assertNull(new LocalReplica(store, new HybridClock()).scanAll(null).hasNext() ? "data" : null,
                    "the Paxos state is not part of the replicated keyspace that streaming and cleanup walk");
        }
    }

    /** The acceptors, reliably and at once. */
    private PaxosTransport acceptorsDirect() {
        return new SimulatedNetwork(acceptors, 0, 0, 0, 1);
    }
}
