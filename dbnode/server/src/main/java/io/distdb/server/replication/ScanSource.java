package io.distdb.server.replication;

import io.distdb.admin.api.Member;
import io.distdb.server.errors.UnavailableException;
import io.distdb.storage.Bytes;
import io.distdb.storage.ScanRange;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One replica's entries of a scan, fetched a page at a time in key order: the pages of every replica are
 * merged by {@link MergedScan}. A page continues after the last key of the one before.
 */
abstract class ScanSource {

    private final ScanRange range;
    private final int pageSize;
    private final ArrayDeque<Mutation> buffer = new ArrayDeque<>();
    private byte[] lastKey;
    private boolean exhausted;
    private CompletableFuture<List<Mutation>> pending;

    ScanSource(ScanRange range, int pageSize) {
        this.range = range;
        this.pageSize = pageSize;
    }

    abstract String memberId();

    abstract CompletableFuture<List<Mutation>> fetch(ScanRange page);

    /** Starts fetching the first page. */
    CompletableFuture<Void> prefetch() {
        pending = fetch(nextPage());
        return pending.thenApply(page -> null);
    }

    /** The entry at the head of this source, or {@code null} when it has no more. */
    Mutation peek() {
        fill();
        return buffer.peekFirst();
    }

    Mutation poll() {
        fill();
        return buffer.pollFirst();
    }

    private void fill() {
        while (buffer.isEmpty() && !exhausted) {
            CompletableFuture<List<Mutation>> page = pending != null ? pending : fetch(nextPage());
            pending = null;
            List<Mutation> entries;
            try {
                entries = page.get(timeoutMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new UnavailableException("replica " + memberId() + " stopped answering during a query: "
                        + Coordinator.rootMessage(e));
            }
            buffer.addAll(entries);
            if (!entries.isEmpty()) {
                lastKey = entries.get(entries.size() - 1).key();
            }
            if (entries.size() < pageSize) {
                exhausted = true;
            } else if (readsAhead()) {
                // The next page travels while this one is merged: a scan costs one round trip, not one per page.
                pending = fetch(nextPage());
            }
        }
    }

    /** Whether to ask for the next page as soon as one arrives. */
    boolean readsAhead() {
        return false;
    }

    long timeoutMillis() {
        return 60_000;
    }

    private ScanRange nextPage() {
        if (lastKey == null) {
            return pageOf(range.from(), range.to());
        }
        return range.isDescending() ? pageOf(range.from(), lastKey) : pageOf(Bytes.successor(lastKey), range.to());
    }

    private ScanRange pageOf(byte[] from, byte[] to) {
        ScanRange page = ScanRange.between(from, to).limit(pageSize);
        return range.isDescending() ? page.descending() : page;
    }

    /** This node's own replica. */
    static final class Local extends ScanSource {
        private final LocalReplica replica;
        private final String selfId;
        private final EntryShaper shaper;

        Local(LocalReplica replica, String selfId, ScanRange range, int pageSize, EntryShaper shaper) {
            super(range, pageSize);
            this.replica = replica;
            this.selfId = selfId;
            this.shaper = shaper;
        }

        @Override
        String memberId() {
            return selfId;
        }

        @Override
        CompletableFuture<List<Mutation>> fetch(ScanRange page) {
            return CompletableFuture.completedFuture(replica.scan(page, shaper));
        }
    }

    /** A peer's replica over the replica endpoints. */
    static final class Remote extends ScanSource {
        private final ReplicaTransport client;
        private final Member member;
        private final long timeoutMillis;
        private final byte[] shaperSpec;

        Remote(ReplicaTransport client, Member member, ScanRange range, int pageSize, long timeoutMillis, EntryShaper shaper) {
            super(range, pageSize);
            this.client = client;
            this.member = member;
            this.timeoutMillis = timeoutMillis;
            this.shaperSpec = shaper == null ? null : shaper.spec();
        }

        @Override
        String memberId() {
            return member.id();
        }

        @Override
        CompletableFuture<List<Mutation>> fetch(ScanRange page) {
            return client.scan(member, page, shaperSpec);
        }

        @Override
        long timeoutMillis() {
            return timeoutMillis;
        }

        @Override
        boolean readsAhead() {
            return true;
        }
    }
}
