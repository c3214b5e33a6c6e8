package io.distdb.bench.ycsb;

import org.apache.htrace.core.HTraceConfiguration;
import org.apache.htrace.core.Tracer;
import site.ycsb.Client;
import site.ycsb.ClientThread;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.DBFactory;
import site.ycsb.StatusThread;
import site.ycsb.Workload;
import site.ycsb.measurements.Measurements;
import site.ycsb.measurements.exporter.TextMeasurementsExporter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * One YCSB phase in this JVM, as {@code site.ycsb.Client} runs one in a JVM of its own, from YCSB's public parts:
 * the workload ({@code CoreWorkload}: init, then {@code doInsert}/{@code doTransaction} per operation), one binding
 * instance per client thread ({@code DBFactory.newDB}, which wraps it in YCSB's latency-measuring
 * {@code DBWrapper}), {@code ClientThread}s, YCSB's {@code StatusThread} for the status lines, and the
 * {@code maxexecutiontime} cap. The measurements go to the command's output file in YCSB's text format, as the
 * client prints them, so that {@link YcsbRun#parse} reads them.
 *
 * <p>Unlike YCSB's client, the bindings' {@code init} runs before the clock starts and their {@code cleanup}
 * after it stops ({@link DeferredLifecycleDb}): the timed window holds the operations only.
 */
final class InProcessPhase {

    /** The one tracer of this JVM: {@code DBWrapper} wants one; no span goes anywhere without htrace settings. */
    private static final Tracer TRACER =
            new Tracer.Builder("YCSB").conf(HTraceConfiguration.fromMap(Map.of())).build();

    private InProcessPhase() {
    }

    static void run(PhaseCommand command) throws Exception {
        Properties props = properties(command);
        FreshMeasurements.reset(props);
        Workload workload = (Workload) Class.forName(props.getProperty(Client.WORKLOAD_PROPERTY))
                .getDeclaredConstructor().newInstance();
        workload.init(props);

        boolean transactions = !command.load();
        int opcount = transactions
                ? Integer.parseInt(props.getProperty(Client.OPERATION_COUNT_PROPERTY, "0"))
                : Integer.parseInt(props.getProperty(Client.INSERT_COUNT_PROPERTY,
                        props.getProperty(Client.RECORD_COUNT_PROPERTY, Client.DEFAULT_RECORD_COUNT)));
        int threadCount = command.threads();
        if (threadCount > opcount && opcount > 0) {
            threadCount = opcount; // as YCSB's client: no thread without an operation
            props.setProperty(Client.THREAD_COUNT_PROPERTY, Integer.toString(threadCount));
        }
        int target = Integer.parseInt(props.getProperty(Client.TARGET_PROPERTY, "0"));
        double targetPerThreadPerMs = target > 0 ? target / (double) threadCount / 1000.0 : -1;

        List<DB> dbs = new ArrayList<>();
        try {
            for (int i = 0; i < threadCount; i++) {
                DB db = DBFactory.newDB(command.dbClass(), props, TRACER);
                dbs.add(db);
                db.init();
            }
            CountDownLatch done = new CountDownLatch(threadCount);
            List<ClientThread> clients = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int id = 0; id < threadCount; id++) {
                // YCSB's split of the operations over the threads
                int ops = opcount / threadCount + (id < opcount % threadCount ? 1 : 0);
                ClientThread client = new ClientThread(new DeferredLifecycleDb(dbs.get(id)), transactions, workload,
                        props, ops, targetPerThreadPerMs, done);
                client.setThreadId(id);
                client.setThreadCount(threadCount);
                clients.add(client);
                threads.add(new Thread(client, "ycsb-client-" + id));
            }
            long gcCount = gcCount();
            long gcMillis = gcMillis();
            long start = System.nanoTime();
            threads.forEach(Thread::start);
            Thread cap = timeCap(Long.parseLong(props.getProperty(Client.MAX_EXECUTION_TIME, "0")), workload);
            StatusThread status = new StatusThread(done, clients, "", false,
                    Integer.parseInt(props.getProperty("status.interval", "10")), false);
            status.start();
            for (Thread t : threads) {
                t.join();
            }
            long nanos = System.nanoTime() - start;
            if (cap != null) {
                cap.interrupt();
            }
            status.interrupt(); // its last status line, then it ends
            status.join();
            long operations = clients.stream().mapToLong(ClientThread::getOpsDone).sum();
            cleanup(dbs);
            dbs.clear();
            workload.cleanup();
            export(Path.of(command.output()), operations, nanos, gcCount() - gcCount, gcMillis() - gcMillis);
        } finally {
            cleanup(dbs); // a phase that failed before its end
        }
    }

    /** The workload file's properties, then the command's over them, as YCSB's {@code -P} then {@code -p}. */
    static Properties properties(PhaseCommand command) throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(command.workload()))) {
            props.load(in);
        }
        props.putAll(command.properties());
        props.setProperty(Client.DO_TRANSACTIONS_PROPERTY, Boolean.toString(!command.load()));
        props.setProperty(Client.THREAD_COUNT_PROPERTY, Integer.toString(command.threads()));
        props.setProperty(Client.DB_PROPERTY, command.dbClass());
        return props;
    }

    /** YCSB's {@code maxexecutiontime}: asks the workload to stop after {@code seconds}; null for no cap. */
    private static Thread timeCap(long seconds, Workload workload) {
        if (seconds <= 0) {
            return null;
        }
        Thread cap = new Thread(() -> {
            try {
                Thread.sleep(seconds * 1000);
                workload.requestStop();
            } catch (InterruptedException doneFirst) {
                // the phase ended before its cap
            }
        }, "ycsb-time-cap");
        cap.setDaemon(true);
        cap.start();
        return cap;
    }

    /** The bindings' cleanup, each measured by YCSB's wrapper as a {@code CLEANUP} operation. */
    private static void cleanup(List<DB> dbs) {
        for (DB db : dbs) {
            try {
                db.cleanup();
            } catch (DBException | RuntimeException e) {
                System.err.println("binding cleanup failed: " + e);
            }
        }
    }

    /** What YCSB's client prints at the end of a phase, with the garbage collections of this phase alone. */
    private static void export(Path output, long operations, long nanos, long gcCount, long gcMillis)
            throws IOException {
        try (OutputStream out = Files.newOutputStream(output)) {
            TextMeasurementsExporter exporter = new TextMeasurementsExporter(out);
            exporter.write("OVERALL", "RunTime(ms)", nanos / 1_000_000);
            exporter.write("OVERALL", "Throughput(ops/sec)", nanos == 0 ? 0 : operations * 1e9 / nanos);
            exporter.write("TOTAL_GCs", "Count", gcCount);
            exporter.write("TOTAL_GC_TIME", "Time(ms)", gcMillis);
            Measurements.getMeasurements().exportMeasurements(exporter);
            exporter.close();
        }
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).filter(c -> c > 0).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(c -> c > 0).sum();
    }
}
