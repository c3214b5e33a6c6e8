package io.distdb.server.cluster;

import io.distdb.admin.api.Member;
import io.distdb.admin.api.MemberState;
import io.distdb.admin.api.Topology;

import java.util.ArrayList;
import java.util.List;

/** Seed 002's {@code DISTDB_CLUSTER_NODES}: {@code id@host:adminPort,...}, read into topology epoch 1. */
public final class StaticMembers {

    private StaticMembers() {
    }

    public static Topology parse(String list, Integer replicationFactor, int vnodes) {
        List<Member> members = new ArrayList<>();
        for (String entry : list.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int at = trimmed.indexOf('@');
            if (at <= 0 || at == trimmed.length() - 1 || trimmed.indexOf(':', at) < 0) {
                throw new IllegalArgumentException("DISTDB_CLUSTER_NODES entry '" + trimmed
                        + "' is not id@host:adminPort");
            }
            members.add(new Member(trimmed.substring(0, at), trimmed.substring(at + 1), MemberState.NORMAL));
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("DISTDB_CLUSTER_NODES lists no members");
        }
        int rf = replicationFactor == null ? Math.min(3, members.size()) : replicationFactor;
        return new Topology(1, rf, vnodes, members);
    }
}
