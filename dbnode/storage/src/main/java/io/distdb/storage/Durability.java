package io.distdb.storage;

/** When a write is forced to stable storage before it is acknowledged. */
public enum Durability {
    /** A write returns only after its log record is fsync-ed (group commit shares one fsync among concurrent writers). */
    SYNC,
    /** The log is fsync-ed every {@code syncIntervalMillis}; a power loss may lose that window, a process crash loses nothing. */
    INTERVAL,
    /** The log is handed to the operating system but never fsync-ed by the write path. */
    NONE
}
