package io.distdb.server.replication.paxos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The answers to one phase, sent to every participant at once: waits until {@code required} of them are
 * favourable, until that can no longer happen (refusals and failures), or until the deadline. Answers that
 * arrive afterwards are ignored.
 */
final class Replies<T> {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final int participants;
    private final int required;
    private final Predicate<T> favourable;
    private final List<T> good = new ArrayList<>();
    private final List<T> refused = new ArrayList<>();
    private final Map<String, String> failures = new LinkedHashMap<>();

    Replies(int participants, int required, Predicate<T> favourable) {
        this.participants = participants;
        this.required = required;
        this.favourable = favourable;
    }

    void track(String replica, CompletableFuture<T> answer) {
        answer.whenComplete((value, error) -> {
            lock.lock();
            try {
                if (error != null || value == null) {
                    failures.put(replica, error == null ? "no answer" : message(error));
                } else if (favourable.test(value)) {
                    good.add(value);
                } else {
                    refused.add(value);
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        });
    }

    /** Waits for the outcome; {@code true} when enough answers were favourable. */
    boolean await(long deadlineNanos) {
        lock.lock();
        try {
            while (good.size() < required) {
                int open = participants - good.size() - refused.size() - failures.size();
                long left = deadlineNanos - System.nanoTime();
                if (good.size() + open < required || left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    List<T> favourable() {
        lock.lock();
        try {
            return List.copyOf(good);
        } finally {
            lock.unlock();
        }
    }

    List<T> refused() {
        lock.lock();
        try {
            return List.copyOf(refused);
        } finally {
            lock.unlock();
        }
    }

    /** Whether failures alone (no refusal) kept the phase from its quorum: the replicas are unavailable. */
    boolean unavailable() {
        lock.lock();
        try {
            return refused.isEmpty() && good.size() < required;
        } finally {
            lock.unlock();
        }
    }

    String describe() {
        lock.lock();
        try {
            StringBuilder text = new StringBuilder(good.size() + " of " + required + " required");
            if (!refused.isEmpty()) {
                text.append(", ").append(refused.size()).append(" refused");
            }
            failures.forEach((id, why) -> text.append("; ").append(id).append(": ").append(why));
            return text.toString();
        } finally {
            lock.unlock();
        }
    }

    private static String message(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && (root.getMessage() == null || root instanceof java.util.concurrent.CompletionException)) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
