package io.distdb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time and resident memory of server processes, read from Linux's {@code /proc/<pid>/stat} and
 * {@code /proc/<pid>/status}, each process counted with the descendants alive at the time of reading
 * (PostgreSQL's backends; none for the JVMs and Redis). A process gone since counts as nothing. Shared by the
 * benchmarks that measure server processes.
 */
public final class ProcStat {

    /** Clock ticks per second of {@code /proc/<pid>/stat}'s times: 100 on every Linux this runs on. */
    private static final long TICKS_PER_SECOND = 100;

    private ProcStat() {
    }

    /** User + system CPU time of {@code processes} and their descendants, in µs. */
    public static long cpuMicros(List<ProcessHandle> processes) {
        long ticks = 0;
        for (ProcessHandle p : withDescendants(processes)) {
            ticks += cpuTicks(p.pid());
        }
        return ticks * (1_000_000 / TICKS_PER_SECOND);
    }

    /** Resident set size of {@code processes} and their descendants, in bytes. */
    public static long rssBytes(List<ProcessHandle> processes) {
        long bytes = 0;
        for (ProcessHandle p : withDescendants(processes)) {
            bytes += rssBytes(p.pid());
        }
        return bytes;
    }

    /** Fields 14 and 15 (utime, stime) of a {@code stat} line; the command name in parentheses may hold spaces. */
    public static long cpuTicks(String statLine) {
        String[] fields = statLine.substring(statLine.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state): utime is field 14, stime field 15.
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The {@code VmRSS:} line of a {@code status} file, in bytes (0 if absent, as for a zombie). */
    public static long residentBytes(List<String> statusLines) {
        for (String line : statusLines) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).strip().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return 0;
    }

    private static long cpuTicks(long pid) {
        try {
            return cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static long rssBytes(long pid) {
        try {
            return residentBytes(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static List<ProcessHandle> withDescendants(List<ProcessHandle> processes) {
        List<ProcessHandle> all = new ArrayList<>(processes);
        for (ProcessHandle p : processes) {
            all.addAll(p.descendants().toList());
        }
        return all;
    }
}
