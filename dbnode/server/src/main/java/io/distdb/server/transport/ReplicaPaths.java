package io.distdb.server.transport;

/** The node-to-node endpoints, served on the admin port behind the peer credential (see {@link ManagementAccess}). */
public final class ReplicaPaths {

    public static final String PREFIX = "/internal/v1/";
    public static final String APPLY = PREFIX + "apply";
    public static final String READ = PREFIX + "read";
    public static final String SCAN = PREFIX + "scan";
    public static final String FOLD = PREFIX + "fold";
    /** The three phases of a key's compare-and-set (Paxos), sent by the proposing node to the key's replicas. */
    public static final String PAXOS_PREPARE = PREFIX + "paxos/prepare";
    public static final String PAXOS_PROPOSE = PREFIX + "paxos/propose";
    public static final String PAXOS_COMMIT = PREFIX + "paxos/commit";
    /** A compare-and-set that this node proposes (expect absent, or any value), for operators and tests. */
    public static final String PAXOS_CAS = PREFIX + "paxos/cas";
    /** GET: a node's metadata server id and port, so the metadata group's leader can add it to the group. */
    public static final String METADATA_PEER = PREFIX + "metadata/peer";
    /** The caller's topology epoch: a node that is behind fetches the newer topology from the caller. */
    public static final String EPOCH_HEADER = "X-DistDB-Epoch";
    public static final String FROM_HEADER = "X-DistDB-From";

    private ReplicaPaths() {
    }
}
