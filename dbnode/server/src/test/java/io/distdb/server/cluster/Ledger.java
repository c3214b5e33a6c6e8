package io.distdb.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every item write the test sent to the cluster: for each key, the highest version attempted and the
 * highest version acknowledged. An item's value is a pure function of its key and version, so a value
 * read back tells which write it came from. Keys belong to groups (a partition-key prefix); a group is
 * written by one writer at a time and, once frozen, never again.
 */
final class Ledger {

    record ItemKey(String pk, String sk) implements Comparable<ItemKey> {

        @Override
        public int compareTo(ItemKey o) {
            int c = Bytes.compare(pk, o.pk);
            return c != 0 ? c : Bytes.compare(sk, o.sk);
        }

        String path() {
            return "/api/v1/items/" + pk + "/" + sk;
        }

        /** The group of a key: its partition key up to the first '-'. */
        String group() {
            return pk.substring(0, pk.indexOf('-'));
        }
    }

    private static final class State {
        volatile long attempted;
        volatile long acked;
        volatile long ackedAtNanos;
    }

    private static final String PAD = "x".repeat(96);

    private final Map<ItemKey, State> states = new ConcurrentHashMap<>();
    private final Map<String, Set<ItemKey>> groups = new ConcurrentHashMap<>();

    /** The value of version {@code version} of {@code key}: deterministic, so reads can be checked exactly. */
    static ObjectNode value(ItemKey key, long version) {
        ObjectNode value = JsonHttp.JSON.createObjectNode();
        value.put("key", key.pk() + "/" + key.sk());
        value.put("ver", version);
        value.put("pad", PAD);
        return value;
    }

    /** The version an item value read back was written with, or -1 if it is not one of the test's values. */
    static long versionOf(ItemKey key, JsonNode value) {
        if (value == null || !value.path("ver").canConvertToLong()) {
            return -1;
        }
        long version = value.path("ver").asLong();
        ObjectNode expected = value(key, version);
        boolean same = value.size() == expected.size()
                && expected.path("key").asText().equals(value.path("key").asText())
                && expected.path("pad").asText().equals(value.path("pad").asText())
                && value.path("ver").isIntegralNumber();
        return same ? version : -1;
    }

    void attempt(ItemKey key, long version) {
        State state = states.computeIfAbsent(key, k -> new State());
        groups.computeIfAbsent(key.group(), g -> ConcurrentHashMap.newKeySet()).add(key);
        synchronized (state) {
            state.attempted = Math.max(state.attempted, version);
        }
    }

    void ack(ItemKey key, long version) {
        State state = states.get(key);
        synchronized (state) {
            if (version > state.acked) {
                state.acked = version;
                state.ackedAtNanos = System.nanoTime();
            }
        }
    }

    long attempted(ItemKey key) {
        State state = states.get(key);
        return state == null ? 0 : state.attempted;
    }

    long acked(ItemKey key) {
        State state = states.get(key);
        return state == null ? 0 : state.acked;
    }

    /** Nanos since the key's last acknowledged write, or -1 if it has none. */
    long sinceAck(ItemKey key) {
        State state = states.get(key);
        return state == null || state.acked == 0 ? -1 : System.nanoTime() - state.ackedAtNanos;
    }

    /** Every key with an acknowledged write, and its last acknowledged version, in key order. */
    TreeMap<ItemKey, Long> acked() {
        TreeMap<ItemKey, Long> acked = new TreeMap<>();
        states.forEach((key, state) -> {
            long version = state.acked;
            if (version > 0) {
                acked.put(key, version);
            }
        });
        return acked;
    }

    /**
     * The final content of a frozen group: every key and its acknowledged version. Throws if a write of
     * the group was attempted but never acknowledged (a frozen group has none; its content would be unknown).
     */
    TreeMap<ItemKey, Long> frozen(String group) {
        TreeMap<ItemKey, Long> content = new TreeMap<>();
        for (ItemKey key : groups.getOrDefault(group, Set.of())) {
            State state = states.get(key);
            if (state.acked != state.attempted) {
                throw new IllegalStateException("group " + group + " is not settled: " + key + " attempted version "
                        + state.attempted + ", acknowledged " + state.acked);
            }
            content.put(key, state.acked);
        }
        return content;
    }

    int size() {
        return states.size();
    }
}
