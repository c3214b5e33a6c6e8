package io.distdb.server.metadata;

import io.distdb.admin.api.Member;

import java.util.concurrent.CompletableFuture;

/**
 * How the metadata group learns the metadata port of another member, to add it to the group. The future fails when
 * the member does not answer, or answers without a port. Implemented by the transport layer.
 */
public interface MetadataPeers {

    CompletableFuture<Integer> metadataPort(Member member);
}
