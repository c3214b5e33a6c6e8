package io.distdb.server.rebalance;

import io.distdb.server.cluster.Placement;
import io.distdb.server.ring.TokenRange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * What one node streams in a rebalance: each range it loses (or, when nobody loses it, keeps first) paired
 * with each member that gains it. Looks up the targets of a key's token in logarithmic time.
 */
final class StreamPlan {

    /** One range and the members this node must stream it to. */
    record Task(TokenRange range, List<String> targets) {
    }

    private final List<Task> tasks;
    private final long[] ends;

    private StreamPlan(List<Task> tasks) {
        this.tasks = tasks;
        this.ends = tasks.stream().mapToLong(t -> t.range().end()).toArray();
    }

    static StreamPlan of(Placement placement, String self) {
        List<Task> tasks = new ArrayList<>();
        for (Placement.Transfer transfer : placement.transfers()) {
            List<String> targets = transfer.gaining().stream().filter(t -> transfer.sourceFor(t).equals(self)).toList();
            if (!targets.isEmpty()) {
                tasks.add(new Task(transfer.range(), targets));
            }
        }
        tasks.sort(Comparator.comparingLong(t -> t.range().end()));
        return new StreamPlan(tasks);
    }

    int size() {
        return tasks.size();
    }

    int streams() {
        return tasks.stream().mapToInt(t -> t.targets().size()).sum();
    }

    /** The members to stream a key with this token to; empty if none. */
    List<String> targetsOf(long token) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        int i = Arrays.binarySearch(ends, token);
        if (i < 0) {
            i = -i - 1;
        }
        // Ranges are (start, end]; the first range at or after the token is the candidate, the first one wraps.
        Task candidate = tasks.get(i == ends.length ? 0 : i);
        if (candidate.range().contains(token)) {
            return candidate.targets();
        }
        return List.of();
    }
}
