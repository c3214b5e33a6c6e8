package io.distdb.server.rebalance;

import io.distdb.admin.api.Member;
import io.distdb.admin.api.NodeStatus;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * How cleanup asks another member where it is: its {@link NodeStatus}, empty when it answered without one (an
 * error, or a body that is not a status); the future fails when it did not answer. Implemented by the transport layer.
 */
public interface PeerStatuses {

    CompletableFuture<Optional<NodeStatus>> status(Member member);
}
