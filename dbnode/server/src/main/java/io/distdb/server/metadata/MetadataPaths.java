package io.distdb.server.metadata;

import io.distdb.server.replication.ReplicaPaths;

/** The node-to-node routes of the metadata group, on the admin port behind its token. */
public final class MetadataPaths {

    /** GET: this node's metadata server id and port, so the leader can add it to the group. */
    public static final String PEER = ReplicaPaths.PREFIX + "metadata/peer";

    private MetadataPaths() {
    }
}
