package io.distdb.admin.api;

/**
 * What a node holds of the replicated keyspace ({@code GET /admin/v1/data}), counted by a scan of its
 * engine: live keys, tombstones, keys (tombstones included) that its topology no longer gives it, and
 * writes it keeps as hints for a replica that did not take them yet. After a move has finished and every
 * node has the final topology, {@code keysNotOwned} drops to zero. {@code bytes} is the size of every key and
 * versioned value held (tombstones included), counted as a rebalance counts what it streams, so the bytes a move
 * streamed compare with it.
 */
public record DataReport(long epoch, long keys, long tombstones, long keysNotOwned, long hintsPending, long bytes) {
}
