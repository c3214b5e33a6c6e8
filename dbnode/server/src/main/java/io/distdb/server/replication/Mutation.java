package io.distdb.server.replication;

/** One versioned write of one stored key, as coordinators send it to replicas and streams carry it. */
public record Mutation(byte[] key, Versioned version) {

    public int sizeBytes() {
        return key.length + Versioned.HEADER_BYTES + version.payload().length;
    }
}
