package io.distdb.admin.api;

import java.util.List;

/**
 * A node's view of the metadata group ({@code GET /admin/v1/metadata}): whether it runs, its role, the
 * leader it knows and the term, who votes and who listens, how far it has applied the log, and the SQL
 * catalog version that gives it.
 *
 * @param running    whether this node's member of the group has started
 * @param waitingFor why it has not, when it has not
 * @param role       LEADER, FOLLOWER, CANDIDATE or LISTENER
 */
public record MetadataStatus(String node, boolean running, String waitingFor, String role, String leader, long term,
                             List<String> voters, List<String> listeners, long appliedIndex, long catalogVersion) {
}
