package io.distdb.server.store;

/**
 * The key ranges of the node's store. Every stored key starts with one namespace byte; what follows is
 * the namespace's own order-preserving encoding (see {@link KeyEncoder}).
 */
public enum Namespace {
    /** The node's own state: {@code <name>} → JSON (the published topology, ...). */
    META(0x01),
    /**
     * {@code <replicated key>} → this replica's Paxos state of that key (promised ballot, accepted proposal,
     * last committed ballot). Local to the node like META: never replicated, streamed, hinted or cleaned up
     * with the data, which starts after it.
     */
    PAXOS(0x02),
    /** {@code <pk, escaped><sk, raw>} → item JSON. */
    ITEMS(0x10),
    /** {@code <key, raw>} → seed 001 entry JSON. */
    KV(0x20),
    /** {@code <word, UTF-8>} → empty. */
    WORDS(0x30),
    /** {@code <collection, escaped><id, raw>} → document JSON. */
    DOCUMENTS(0x40),
    /** {@code <table name>} → table definition. */
    SQL_CATALOG(0x50),
    /** {@code <table id><primary key>} → row. */
    SQL_ROWS(0x51),
    /** {@code <index id><indexed values><primary key>} → empty. */
    SQL_INDEXES(0x52),
    /** {@code <unique index id><indexed values>} → the primary key that holds them (uniqueness claims on a cluster). */
    SQL_CLAIMS(0x53);

    /** Bytes a namespace may add around a client's key or value (prefix, escapes, envelopes). */
    public static final int MAX_OVERHEAD_BYTES = 1024;

    private final byte tag;

    Namespace(int tag) {
        this.tag = (byte) tag;
    }

    public byte tag() {
        return tag;
    }

    /** The single-byte prefix of every key in this namespace. */
    public byte[] prefix() {
        return new byte[] {tag};
    }

    public KeyEncoder key() {
        return new KeyEncoder(this);
    }
}
