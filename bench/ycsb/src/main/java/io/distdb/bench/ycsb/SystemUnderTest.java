package io.distdb.bench.ycsb;

import io.distdb.bench.ProcStat;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * One system a YCSB phase runs against, however many server processes it has: the YCSB binding and its
 * properties, the processes (for CPU time and resident memory) and how to stop them all.
 */
final class SystemUnderTest implements AutoCloseable {

    /** A check that every server process is still running; throws naming the one that is not. */
    interface AliveCheck {
        void check() throws IOException;
    }

    /** Stops every server process of the system. */
    interface Stop {
        void stop() throws Exception;
    }

    final String dbClass;
    /** The binding's properties: where the servers listen, consistency level. */
    final Map<String, String> properties;
    private final List<ProcessHandle> processes;
    private final AliveCheck alive;
    private final Stop stop;

    SystemUnderTest(String dbClass, Map<String, String> properties, List<ProcessHandle> processes, AliveCheck alive,
            Stop stop) {
        this.dbClass = dbClass;
        this.properties = Map.copyOf(properties);
        this.processes = List.copyOf(processes);
        this.alive = alive;
        this.stop = stop;
    }

    /** From one server of {@link Servers}. */
    static SystemUnderTest of(String dbClass, Map<String, String> properties, Servers.Server server) {
        return new SystemUnderTest(dbClass, properties, List.of(server.process.toHandle()), server::checkAlive,
                server::close);
    }

    /** CPU time of all the server processes so far, in µs. */
    long cpuMicros() {
        return ProcStat.cpuMicros(processes);
    }

    /** Resident memory of all the server processes now, in bytes. */
    long rssBytes() {
        return ProcStat.rssBytes(processes);
    }

    int processCount() {
        return processes.size();
    }

    void checkAlive() throws IOException {
        alive.check();
    }

    @Override
    public void close() throws Exception {
        stop.stop();
    }
}
