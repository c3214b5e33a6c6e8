package io.distdb.server.replication.paxos;

import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Acceptors in one process behind an unreliable network: each message is delayed by a random few
 * milliseconds (so messages overtake each other), may be lost on its way there or on its way back, and
 * may be delivered twice. A replica can also be cut off entirely.
 */
final class SimulatedNetwork implements PaxosTransport, AutoCloseable {

    private final Map<String, PaxosAcceptor> acceptors;
    private final double loss;
    private final double duplication;
    private final int maxDelayMicros;
    private final Random random;
    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService wire = Executors.newScheduledThreadPool(8, r -> {
        Thread t = new Thread(r, "simulated-network");
        t.setDaemon(true);
        return t;
    });

    SimulatedNetwork(Map<String, PaxosAcceptor> acceptors, double loss, double duplication, long seed) {
        this(acceptors, loss, duplication, 3000, seed);
    }

    SimulatedNetwork(Map<String, PaxosAcceptor> acceptors, double loss, double duplication, int maxDelayMicros, long seed) {
        this.acceptors = acceptors;
        this.maxDelayMicros = maxDelayMicros;
        this.loss = loss;
        this.duplication = duplication;
        this.random = new Random(seed);
    }

    void cutOff(String replica) {
        down.add(replica);
    }

    @Override
    public CompletableFuture<Promise> prepare(String replica, byte[] key, Ballot ballot) {
        return deliver(replica, () -> acceptors.get(replica).prepare(key, ballot));
    }

    @Override
    public CompletableFuture<Boolean> propose(String replica, byte[] key, Proposal proposal) {
        return deliver(replica, () -> acceptors.get(replica).propose(key, proposal));
    }

    @Override
    public CompletableFuture<Void> commit(String replica, byte[] key, Proposal proposal) {
        return deliver(replica, () -> {
            acceptors.get(replica).commit(key, proposal);
            return null;
        });
    }

    private <T> CompletableFuture<T> deliver(String replica, Supplier<T> handler) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        boolean lostThere;
        boolean lostBack;
        boolean twice;
        long delay;
        synchronized (random) {
            lostThere = random.nextDouble() < loss;
            lostBack = random.nextDouble() < loss;
            twice = random.nextDouble() < duplication;
            delay = maxDelayMicros == 0 ? 0 : random.nextInt(maxDelayMicros);
        }
        if (maxDelayMicros == 0 && !down.contains(replica) && !lostThere && !lostBack && !twice) {
            try {
                return CompletableFuture.completedFuture(handler.get()); // in order, before the call returns
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        if (down.contains(replica) || lostThere) {
            wire.schedule(() -> answer.completeExceptionally(new RuntimeException("lost")), delay, TimeUnit.MICROSECONDS);
            return answer;
        }
        wire.schedule(() -> {
            try {
                T value = handler.get();
                if (lostBack) {
                    answer.completeExceptionally(new RuntimeException("answer lost"));
                } else {
                    answer.complete(value);
                }
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        }, delay, TimeUnit.MICROSECONDS);
        if (twice) {
            wire.schedule(() -> {
                try {
                    handler.get(); // the copy's answer goes nowhere
                } catch (RuntimeException ignored) {
                    // as lost as the answer
                }
            }, delay * 2 + 500, TimeUnit.MICROSECONDS);
        }
        return answer;
    }

    @Override
    public void close() {
        wire.shutdownNow();
    }
}
