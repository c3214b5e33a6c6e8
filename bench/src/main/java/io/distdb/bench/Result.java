package io.distdb.bench;

/** One figure of the report: a workload at a thread count on one engine. {@code diskBytes} is -1 when not measured. */
record Result(String workload, int threads, String engine, double opsPerSecond, double cpuMicrosPerOp, long diskBytes) {
}
