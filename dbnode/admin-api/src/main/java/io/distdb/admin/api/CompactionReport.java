package io.distdb.admin.api;

/** What a compaction of a node's engines did: bytes of data before and after, and how long it took. */
public record CompactionReport(long bytesBefore, long bytesAfter, long millis) {
}
