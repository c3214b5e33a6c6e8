package io.distdb.bench;

/** The tuning every engine of a comparison gets, so that both run with the same memory and table layout. */
record EngineSettings(long memtableBytes, long cacheBytes, int bloomBitsPerKey, int blockBytes) {
}
