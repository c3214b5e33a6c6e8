package io.distdb.admin.api;

import java.util.List;
import java.util.Optional;

/**
 * The cluster as the operator publishes it with {@code PUT /admin/v1/topology}. Every node derives the
 * same ring from the same topology. A higher {@code epoch} replaces a lower one; the same epoch is
 * accepted again only with the same content.
 */
public record Topology(long epoch, int replicationFactor, int vnodes, List<Member> members) {

    public static final int DEFAULT_VNODES = 64;

    public Topology {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative: " + epoch);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor must be at least 1: " + replicationFactor);
        }
        if (vnodes < 1) {
            throw new IllegalArgumentException("vnodes must be at least 1: " + vnodes);
        }
        members = List.copyOf(members == null ? List.of() : members);
        if (members.stream().map(Member::id).distinct().count() != members.size()) {
            throw new IllegalArgumentException("member ids must be unique");
        }
    }

    public Optional<Member> member(String id) {
        return members.stream().filter(m -> m.id().equals(id)).findFirst();
    }
}
