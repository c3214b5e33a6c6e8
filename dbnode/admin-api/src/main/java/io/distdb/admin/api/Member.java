package io.distdb.admin.api;

import java.util.Objects;

/**
 * One node in a topology: its stable id (the ring derives its tokens from it), the {@code host:port}
 * of its admin API (where other nodes replicate and stream to it), and its state.
 */
public record Member(String id, String address, MemberState state) {

    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        state = state == null ? MemberState.NORMAL : state;
    }

    public Member withState(MemberState newState) {
        return new Member(id, address, newState);
    }
}
