package io.distdb.server.replication;

/**
 * A computation each replica runs over its live entries of a key range (a partial aggregate), whose partial
 * results the coordinator combines. The coordinator uses partial results only where the replicas it heard
 * from hold exactly the same versions of the keys (see {@link Coordinator#fold}); elsewhere it merges the
 * entries themselves.
 */
public interface EntryFold {

    /** The fold's description, sent to other replicas, which rebuild it with {@link EntryFolds}. */
    byte[] spec();

    /** A fresh accumulation. */
    Accumulation start();

    /** One replica's pass over its entries. */
    interface Accumulation {

        /** Adds a live entry; entries come in key order. */
        void add(byte[] key, byte[] payload);

        /** The partial result, as the coordinator's side of the fold reads it. */
        byte[] finish();
    }
}
