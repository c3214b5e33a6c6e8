package io.distdb.sql.copy;

import io.distdb.sql.Session;
import io.distdb.sql.SqlEngine;
import io.distdb.sql.runtime.SqlSettings;
import io.distdb.sql.parser.SqlParser;
import io.distdb.sql.ast.Statement;
import io.distdb.storage.Durability;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures COPY FROM STDIN into {@code (id BIGINT PRIMARY KEY, name TEXT, n INTEGER)} on a standalone engine
 * (not a test: run it by hand). Prints the wall time of reading the data and of writing the rows, the load
 * thread's CPU time (what the wall time is on a quiet machine, less GC) and the collectors' time.
 *
 * <pre>
 * ./mvnw -B -ntp -o -pl dbnode/storage,dbnode/sql test-compile
 * java -cp dbnode/sql/target/test-classes:dbnode/sql/target/classes:dbnode/storage/target/classes:JACKSON_JARS \
 *     io.distdb.sql.copy.CopyLoadRate [rows, default 1000000]
 * </pre>
 */
public final class CopyLoadRate {

    private CopyLoadRate() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("copy-load-rate");
        try (LsmStore store = LsmStore.open(dir, LsmOptions.builder().durability(Durability.NONE).build())) {
            SqlEngine engine = SqlEngine.standalone(store, SqlSettings.defaults());
            engine.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT, n INTEGER)");
            // A first, smaller run warms up the JIT, as a node that has run for a while is.
            engine.execute("CREATE TABLE warm (id BIGINT PRIMARY KEY, name TEXT, n INTEGER)");
            try (Session session = engine.openSession()) {
                run(session, "warm", Math.min(rows, 200_000), false);
                run(session, "t", rows, true);
            }
        }
    }

    private static void run(Session session, String table, int rows, boolean report) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long gc0 = gcMillis();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        CopyIn in = session.copyIn((Statement.Copy) new SqlParser().parseOne("COPY " + table + " FROM STDIN"), null);
        byte[] chunk = new byte[65536];
        int used = 0;
        for (int i = 0; i < rows; i++) {
            byte[] line = (i + "\tname-" + i + "\t" + (i % 1000) + "\n").getBytes(StandardCharsets.US_ASCII);
            if (used + line.length > chunk.length) {
                in.accept(chunk, 0, used);
                used = 0;
            }
            System.arraycopy(line, 0, chunk, used, line.length);
            used += line.length;
        }
        in.accept(chunk, 0, used);
        long t1 = System.nanoTime();
        long cpu1 = threads.getCurrentThreadCpuTime();
        long written = in.finish();
        long t2 = System.nanoTime();
        long cpu2 = threads.getCurrentThreadCpuTime();
        if (report) {
            System.out.printf("COPY of %,d rows: wall %.2f s (read %.2f s, write %.2f s) = %,.0f rows/s; load thread CPU %.2f s "
                            + "(read %.2f s, write %.2f s) = %,.0f rows per CPU second; GC %.2f s; %d cores, load average %.1f%n",
                    written, (t2 - t0) / 1e9, (t1 - t0) / 1e9, (t2 - t1) / 1e9, written / ((t2 - t0) / 1e9),
                    (cpu2 - cpu0) / 1e9, (cpu1 - cpu0) / 1e9, (cpu2 - cpu1) / 1e9, written / ((cpu2 - cpu0) / 1e9),
                    (gcMillis() - gc0) / 1e3, Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }
}
