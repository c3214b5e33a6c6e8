package io.distdb.server.store;

import io.distdb.storage.CompactionFilter;

/**
 * Which stored values the node's engines may drop when they rewrite their files: the layer that gives
 * values their meaning (replication, with its tombstones) implements it, the store applies it without
 * knowing that meaning.
 */
public interface ExpiryPolicy extends CompactionFilter {
}
