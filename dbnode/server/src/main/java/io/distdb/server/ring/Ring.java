package io.distdb.server.ring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A consistent-hashing ring: each member places {@code vnodes} virtual nodes at tokens derived from its
 * id; a key belongs to the first virtual node at or after its token (wrapping around), and its replicas are
 * the next distinct members clockwise. Immutable; the same members and vnodes always give the same ring.
 */
public final class Ring {

    private final long[] tokens;
    private final String[] owners;
    private final List<String> members;

    private Ring(long[] tokens, String[] owners, List<String> members) {
        this.tokens = tokens;
        this.owners = owners;
        this.members = members;
    }

    public static Ring of(Collection<String> memberIds, int vnodes) {
        if (vnodes < 1) {
            throw new IllegalArgumentException("vnodes must be at least 1");
        }
        List<String> sortedMembers = List.copyOf(new TreeSet<>(memberIds));
        int n = sortedMembers.size() * vnodes;
        long[][] entries = new long[n][2];
        int i = 0;
        for (int m = 0; m < sortedMembers.size(); m++) {
            for (int v = 0; v < vnodes; v++) {
                entries[i][0] = Tokens.ofVirtualNode(sortedMembers.get(m), v);
                entries[i][1] = m;
                i++;
            }
        }
        // Ties (astronomically rare) break by member order, so the ring stays a pure function of its input.
        Arrays.sort(entries, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        long[] tokens = new long[n];
        String[] owners = new String[n];
        for (int k = 0; k < n; k++) {
            tokens[k] = entries[k][0];
            owners[k] = sortedMembers.get((int) entries[k][1]);
        }
        return new Ring(tokens, owners, sortedMembers);
    }

    public List<String> members() {
        return members;
    }

    public boolean isEmpty() {
        return tokens.length == 0;
    }

    /** The {@code replicationFactor} distinct members that hold {@code token}, primary first (fewer if the ring has fewer members). */
    public List<String> replicas(long token, int replicationFactor) {
        if (tokens.length == 0) {
            return List.of();
        }
        int want = Math.min(replicationFactor, members.size());
        Set<String> replicas = new LinkedHashSet<>();
        int start = firstAtOrAfter(token);
        for (int k = 0; k < tokens.length && replicas.size() < want; k++) {
            replicas.add(owners[(start + k) % tokens.length]);
        }
        return List.copyOf(replicas);
    }

    public List<String> replicasOf(byte[] partitionKey, int replicationFactor) {
        return replicas(Tokens.of(partitionKey), replicationFactor);
    }

    /**
     * The ring's ranges: range {@code k} holds the tokens in {@code (tokens[k-1], tokens[k]]}, the first one
     * wrapping around from the last token. Rebalancing compares the replicas of each range between two rings.
     */
    public List<TokenRange> ranges() {
        List<TokenRange> ranges = new ArrayList<>(tokens.length);
        for (int k = 0; k < tokens.length; k++) {
            long start = tokens[(k + tokens.length - 1) % tokens.length];
            ranges.add(new TokenRange(start, tokens[k]));
        }
        return ranges;
    }

    /** Every token at which some virtual node sits, ascending. */
    public long[] tokens() {
        return tokens.clone();
    }

    private int firstAtOrAfter(long token) {
        return firstAtOrAfter(tokens, token);
    }

    /**
     * The index of the first of the ascending {@code tokens} at or after {@code token}, wrapping to 0: the
     * index of the range (as {@link #ranges()} numbers them) that holds {@code token}.
     */
    public static int firstAtOrAfter(long[] tokens, long token) {
        int i = Arrays.binarySearch(tokens, token);
        if (i < 0) {
            i = -i - 1;
        } else {
            while (i > 0 && tokens[i - 1] == token) {
                i--;
            }
        }
        return i == tokens.length ? 0 : i;
    }
}
