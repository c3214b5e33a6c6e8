package io.distdb.bench.ycsb;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Point selects by primary key with a parameter: {@code SELECT * FROM usertable_sql WHERE id = ?} from
 * several threads for a fixed time, on a table of YCSB-shaped rows (id and ten 100-character fields), then
 * single-row INSERTs of new rows with parameters ({@code INSERT INTO usertable_sql (id, field0, ..., field9)
 * VALUES (?, ?, ..., ?)}) from the same threads for the same time. Three targets with the same statements: a
 * DistDB node's {@code POST /sql} with {@code "params": [...]} (the node parses the constant text once and
 * caches it); a DistDB node's PostgreSQL wire protocol listener and PostgreSQL itself, both through the same
 * pgjdbc code: a JDBC {@code PreparedStatement} per connection (pgjdbc switches to a server-side prepared
 * statement after 5 executions). The table is loaded with plain SQL text INSERTs on all, before the selects.
 */
final class SqlPointSelect {

    static final int FIELDS = 10;
    static final int FIELD_LENGTH = 100;

    /**
     * ops/s and latency (µs) of the timed select phase, rows loaded, load time, failed queries, the 1-minute load
     * average just before the selects; then the inserts.
     */
    record Result(long operations, double seconds, double p50, double p99, long failures, long rows,
            double loadSeconds, String loadAverage, long serverCpuMicros, long clientCpuMicros, Inserts inserts) {
        double throughput() {
            return operations / seconds;
        }

        /** Server CPU per select (all its processes and threads) over the timed phase, µs; -1 if not measured. */
        double serverCpuPerOp() {
            return serverCpuMicros < 0 || operations == 0 ? -1 : (double) serverCpuMicros / operations;
        }

        /** The benchmark client's CPU (this JVM, all its threads) per select over the timed phase, µs. */
        double clientCpuPerOp() {
            return clientCpuMicros < 0 || operations == 0 ? -1 : (double) clientCpuMicros / operations;
        }
    }

    /**
     * The timed insert phase: inserts and latency (µs), failed inserts, and the table's {@code count(*)} after
     * the phase (rows loaded + inserts that succeeded, warm-up included, when nothing was lost), -1 if unknown.
     */
    record Inserts(long operations, double seconds, double p50, double p99, long failures, long succeeded,
            long countAfter, String loadAverage, long serverCpuMicros, long clientCpuMicros) {
        double throughput() {
            return operations / seconds;
        }

        double serverCpuPerOp() {
            return serverCpuMicros < 0 || operations == 0 ? -1 : (double) serverCpuMicros / operations;
        }

        double clientCpuPerOp() {
            return clientCpuMicros < 0 || operations == 0 ? -1 : (double) clientCpuMicros / operations;
        }
    }

    /** The client JVM's CPU time so far, all its threads, µs. */
    static long clientCpuMicros() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1000;
    }

    /** The server's CPU time between two instants of {@link System#nanoTime}, read by a thread of its own. */
    private static final class CpuWindow {
        private final Thread thread;
        private final CountDownLatch measured = new CountDownLatch(1);
        private volatile long micros = -1;
        private volatile long clientMicros = -1;

        CpuWindow(LongSupplier cpuMicros, long from, long to) {
            thread = new Thread(() -> {
                try {
                    sleepUntil(from);
                    long start = cpuMicros.getAsLong();
                    long clientStart = clientCpuMicros();
                    sleepUntil(to);
                    micros = cpuMicros.getAsLong() - start;
                    clientMicros = clientCpuMicros() - clientStart;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    measured.countDown();
                }
            }, "server-cpu");
            thread.setDaemon(true);
            if (cpuMicros != null) {
                thread.start();
            } else {
                measured.countDown();
            }
        }

        /**
         * Called by each client thread after its last operation, before it closes its connection: PostgreSQL's
         * backend for that connection exits then, and its CPU time with it, so the last reading comes first.
         */
        void awaitMeasured() throws InterruptedException {
            measured.await(30, TimeUnit.SECONDS);
        }

        private static void sleepUntil(long nanoTime) throws InterruptedException {
            long left;
            while ((left = nanoTime - System.nanoTime()) > 0) {
                Thread.sleep(Math.max(1, left / 1_000_000), 0);
            }
        }

        long clientMicros() throws InterruptedException {
            micros();
            return clientMicros;
        }

        long micros() throws InterruptedException {
            if (thread.isAlive() || thread.getState() != Thread.State.NEW) {
                thread.join();
            }
            return micros;
        }
    }

    /** The parameterized insert of one new row; the parameters are the id and the ten fields. */
    static final String INSERT;

    static {
        StringBuilder sql = new StringBuilder("INSERT INTO usertable_sql (id");
        for (int f = 0; f < FIELDS; f++) {
            sql.append(", field").append(f);
        }
        sql.append(") VALUES (?");
        for (int f = 0; f < FIELDS; f++) {
            sql.append(", ?");
        }
        INSERT = sql.append(')').toString();
    }

    /** The point select; {@code ?} is the id. */
    static final String SELECT = "SELECT * FROM usertable_sql WHERE id = ?";

    /** The same select with the id pasted in as a literal (the form before parameters; {@code --sql-params=false}). */
    static String selectText(String id) {
        return "SELECT * FROM usertable_sql WHERE id = '" + id + "'";
    }

    /** One connection per thread: executes SQL text, and a point select by id must find its one row. */
    interface Session extends AutoCloseable {
        void execute(String sql) throws Exception;

        /** {@link #SELECT} with {@code id} bound to its parameter. */
        boolean selectOne(String id) throws Exception;

        /** Row {@code i} inserted with {@link #INSERT} (or as text, the form without parameters); true if one row went in. */
        boolean insertOne(int i) throws Exception;

        /** {@code SELECT count(*) FROM usertable_sql}. */
        long countRows() throws Exception;

        /** {@link #SELECT} of {@code id}: the row's values in column order (id, field0, ...), null if none. */
        List<String> row(String id) throws Exception;

        @Override
        void close() throws Exception;
    }

    interface SessionFactory {
        Session open() throws Exception;
    }

    private SqlPointSelect() {
    }

    /**
     * Creates and loads the table, then the timed selects; then, when {@code inserts}, the timed inserts.
     * {@code serverCpuMicros}, if not null, reads the server's CPU time so far (µs), for the CPU per operation.
     */
    static Result run(SessionFactory sessions, int rows, int threads, int warmupSeconds, int seconds, boolean inserts,
            java.util.function.Supplier<String> loadAverage, LongSupplier serverCpuMicros) throws Exception {
        long loadStart = System.nanoTime();
        try (Session session = sessions.open()) {
            StringBuilder ddl = new StringBuilder("CREATE TABLE usertable_sql (id TEXT PRIMARY KEY");
            for (int f = 0; f < FIELDS; f++) {
                ddl.append(", field").append(f).append(" TEXT");
            }
            String sql = ddl.append(')').toString();
            createTable(() -> session.execute(sql));
        }
        AtomicInteger next = new AtomicInteger();
        parallel(threads, t -> {
            try (Session session = sessions.open()) {
                for (int i = next.getAndIncrement(); i < rows; i = next.getAndIncrement()) {
                    session.execute(insert(i));
                }
            }
            return null;
        });
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        try (Session session = sessions.open()) {
            int checked = 0;
            for (int i = 0; i < rows; i += Math.max(1, rows / 100)) {
                List<String> expected = new ArrayList<>();
                expected.add(id(i));
                expected.addAll(List.of(fields(i)));
                List<String> got = session.row(id(i));
                if (!expected.equals(got)) {
                    throw new IOException("row " + id(i) + " reads back as " + got);
                }
                checked++;
            }
            YcsbBenchmark.progress("loaded " + rows + " rows in " + String.format(java.util.Locale.ROOT, "%.1f", loadSeconds)
                    + " s; " + checked + " of them read back whole and equal");
        }

        String selectLoadAverage = loadAverage.get();
        YcsbBenchmark.progress("selects: " + warmupSeconds + " s warm-up, then " + seconds + " s timed from "
                + YcsbBenchmark.clock(warmupSeconds));
        AtomicLong failures = new AtomicLong();
        long selectWarmupEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        long selectEnd = selectWarmupEnd + seconds * 1_000_000_000L;
        CpuWindow selectCpu = new CpuWindow(serverCpuMicros, selectWarmupEnd, selectEnd);
        List<Histogram> histograms = parallel(threads, t -> {
            Histogram histogram = new Histogram(60_000_000L, 3);
            SplittableRandom random = new SplittableRandom(1000 + t);
            try (Session session = sessions.open()) {
                long warmupEnd = selectWarmupEnd;
                long end = selectEnd;
                while (true) {
                    String id = id(random.nextInt(rows));
                    long start = System.nanoTime();
                    if (start >= end) {
                        break;
                    }
                    boolean found;
                    try {
                        found = session.selectOne(id);
                    } catch (Exception e) {
                        found = false;
                    }
                    long micros = (System.nanoTime() - start) / 1000;
                    if (start >= warmupEnd) {
                        histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
                        if (!found) {
                            failures.incrementAndGet();
                        }
                    }
                }
                selectCpu.awaitMeasured();
            }
            return histogram;
        });
        Histogram all = new Histogram(60_000_000L, 3);
        histograms.forEach(all::add);
        Inserts insertResult = null;
        if (inserts) {
            String insertLoadAverage = loadAverage.get();
            YcsbBenchmark.progress("inserts: " + warmupSeconds + " s warm-up, then " + seconds + " s timed from "
                    + YcsbBenchmark.clock(warmupSeconds));
            insertResult = inserts(sessions, rows, threads, warmupSeconds, seconds, insertLoadAverage, serverCpuMicros);
        }
        return new Result(all.getTotalCount(), seconds, all.getValueAtPercentile(50), all.getValueAtPercentile(99),
                failures.get(), rows, loadSeconds, selectLoadAverage, selectCpu.micros(), selectCpu.clientMicros(),
                insertResult);
    }

    /**
     * New rows {@code rows}, {@code rows + 1}, ... (each thread takes the next number) inserted one statement at
     * a time from {@code threads} threads: {@code warmupSeconds} untimed, then {@code seconds} timed.
     */
    private static Inserts inserts(SessionFactory sessions, int rows, int threads, int warmupSeconds, int seconds,
            String loadAverage, LongSupplier serverCpuMicros) throws Exception {
        AtomicInteger next = new AtomicInteger(rows);
        AtomicLong failures = new AtomicLong();
        AtomicLong succeeded = new AtomicLong();
        long insertWarmupEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        long insertEnd = insertWarmupEnd + seconds * 1_000_000_000L;
        CpuWindow cpu = new CpuWindow(serverCpuMicros, insertWarmupEnd, insertEnd);
        List<Histogram> histograms = parallel(threads, t -> {
            Histogram histogram = new Histogram(60_000_000L, 3);
            try (Session session = sessions.open()) {
                long warmupEnd = insertWarmupEnd;
                long end = insertEnd;
                while (true) {
                    int i = next.getAndIncrement();
                    long start = System.nanoTime();
                    if (start >= end) {
                        break;
                    }
                    boolean ok;
                    try {
                        ok = session.insertOne(i);
                    } catch (Exception e) {
                        ok = false;
                    }
                    long micros = (System.nanoTime() - start) / 1000;
                    if (ok) {
                        succeeded.incrementAndGet();
                    }
                    if (start >= warmupEnd) {
                        histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
                        if (!ok) {
                            failures.incrementAndGet();
                        }
                    }
                }
                cpu.awaitMeasured();
            }
            return histogram;
        });
        Histogram all = new Histogram(60_000_000L, 3);
        histograms.forEach(all::add);
        long count;
        try (Session session = sessions.open()) {
            count = session.countRows();
        } catch (Exception e) {
            count = -1;
        }
        return new Inserts(all.getTotalCount(), seconds, all.getValueAtPercentile(50), all.getValueAtPercentile(99),
                failures.get(), succeeded.get(), count, loadAverage, cpu.micros(), cpu.clientMicros());
    }

    /** A statement that may throw. */
    interface Ddl {
        void run() throws Exception;
    }

    /**
     * Runs a CREATE TABLE, again for up to 60 s while it fails: a node answers its health check before its
     * metadata group has elected a leader, and on a busy machine the first DDL can be refused as unavailable
     * (SQLSTATE 57P03). A retry that finds the table there means an earlier try went through.
     */
    static void createTable(Ddl ddl) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        boolean retried = false;
        while (true) {
            try {
                ddl.run();
                return;
            } catch (Exception e) {
                if (retried && String.valueOf(e.getMessage()).contains("already exists")) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                YcsbBenchmark.progress("CREATE TABLE failed, trying again in 1 s: " + e.getMessage());
                retried = true;
                Thread.sleep(1000);
            }
        }
    }

    static String id(int i) {
        return "row" + i;
    }

    /** Row {@code i}'s ten fields: the same pseudo-random letters and digits on every run and for every target. */
    static String[] fields(int i) {
        SplittableRandom random = new SplittableRandom(i);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        String[] fields = new String[FIELDS];
        char[] chars = new char[FIELD_LENGTH];
        for (int f = 0; f < FIELDS; f++) {
            for (int c = 0; c < FIELD_LENGTH; c++) {
                chars[c] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            fields[f] = new String(chars);
        }
        return fields;
    }

    /** Row {@code i} as an INSERT with its values as literals in the text. */
    static String insert(int i) {
        StringBuilder sql = new StringBuilder("INSERT INTO usertable_sql (id");
        for (int f = 0; f < FIELDS; f++) {
            sql.append(", field").append(f);
        }
        sql.append(") VALUES ('").append(id(i)).append('\'');
        for (String field : fields(i)) {
            sql.append(", '").append(field).append('\'');
        }
        return sql.append(')').toString();
    }

    /** Row {@code i} as the parameters of {@link #INSERT}. */
    static List<Object> insertParams(int i) {
        List<Object> params = new ArrayList<>(FIELDS + 1);
        params.add(id(i));
        params.addAll(List.of(fields(i)));
        return params;
    }

    private interface Task<T> {
        T run(int thread) throws Exception;
    }

    private static <T> List<T> parallel(int threads, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> task.run(thread)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * DistDB's {@code POST /sql {"sql": ..., "params": [...]}}; a select must answer 200 with the id in the body.
     * {@code params=false}: the select as text with the id as a literal.
     */
    static SessionFactory distdb(String baseUrl, boolean params) {
        ObjectMapper json = new ObjectMapper();
        return () -> {
            HttpTransport http = HttpTransport.create("apache", baseUrl);
            return new Session() {
                private HttpTransport.Reply post(String sql) throws IOException {
                    return http.send("POST", "/sql", json.writeValueAsBytes(Map.of("sql", sql)));
                }

                private HttpTransport.Reply post(String sql, List<Object> params) throws IOException {
                    return http.send("POST", "/sql", json.writeValueAsBytes(Map.of("sql", sql, "params", params)));
                }

                @Override
                public void execute(String sql) throws Exception {
                    HttpTransport.Reply reply = post(sql);
                    if (reply.status() / 100 != 2) {
                        throw new IOException("POST /sql answered " + reply.status() + ": "
                                + new String(reply.body(), StandardCharsets.UTF_8) + " to "
                                + sql.substring(0, Math.min(80, sql.length())));
                    }
                }

                @Override
                public boolean selectOne(String id) throws Exception {
                    HttpTransport.Reply reply = params ? post(SELECT, List.of(id)) : post(selectText(id));
                    return reply.status() == 200
                            && new String(reply.body(), StandardCharsets.UTF_8).contains("\"" + id + "\"");
                }

                @Override
                public boolean insertOne(int i) throws Exception {
                    HttpTransport.Reply reply = params ? post(INSERT, insertParams(i)) : post(insert(i));
                    return reply.status() == 200
                            && new String(reply.body(), StandardCharsets.UTF_8).contains("\"rowsAffected\":1");
                }

                @Override
                public long countRows() throws Exception {
                    HttpTransport.Reply reply = post("SELECT count(*) FROM usertable_sql");
                    if (reply.status() != 200) {
                        throw new IOException("count(*) answered " + reply.status());
                    }
                    return json.readTree(reply.body()).get("rows").get(0).get(0).asLong();
                }

                @Override
                public List<String> row(String id) throws Exception {
                    HttpTransport.Reply reply = post(SELECT, List.of(id));
                    if (reply.status() != 200) {
                        throw new IOException("select answered " + reply.status());
                    }
                    com.fasterxml.jackson.databind.JsonNode rows = json.readTree(reply.body()).get("rows");
                    if (rows == null || rows.size() != 1) {
                        return null;
                    }
                    List<String> values = new ArrayList<>();
                    rows.get(0).forEach(v -> values.add(v.isNull() ? null : v.asText()));
                    return values;
                }

                @Override
                public void close() throws IOException {
                    http.close();
                }
            };
        };
    }

    /**
     * pgjdbc, to PostgreSQL or to a DistDB node's PostgreSQL listener alike: SQL text through a plain
     * {@code Statement}, the select and the insert through a {@code PreparedStatement} each, made once per
     * connection and reused ({@code params=false}: as text through the plain {@code Statement}).
     */
    static SessionFactory jdbc(String jdbcUrl, boolean params) {
        return () -> {
            Connection connection = DriverManager.getConnection(jdbcUrl);
            Statement statement = connection.createStatement();
            PreparedStatement select = connection.prepareStatement(SELECT);
            PreparedStatement insert = connection.prepareStatement(INSERT);
            return new Session() {
                @Override
                public void execute(String sql) throws SQLException {
                    statement.execute(sql);
                }

                @Override
                public boolean selectOne(String id) throws SQLException {
                    ResultSet rs;
                    if (params) {
                        select.setString(1, id);
                        rs = select.executeQuery();
                    } else {
                        rs = statement.executeQuery(selectText(id));
                    }
                    try (rs) {
                        return rs.next() && id.equals(rs.getString("id")) && !rs.next();
                    }
                }

                @Override
                public boolean insertOne(int i) throws SQLException {
                    if (!params) {
                        return statement.executeUpdate(insert(i)) == 1;
                    }
                    List<Object> values = insertParams(i);
                    for (int p = 0; p < values.size(); p++) {
                        insert.setString(p + 1, (String) values.get(p));
                    }
                    return insert.executeUpdate() == 1;
                }

                @Override
                public long countRows() throws SQLException {
                    try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM usertable_sql")) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }

                @Override
                public List<String> row(String id) throws SQLException {
                    select.setString(1, id);
                    try (ResultSet rs = select.executeQuery()) {
                        if (!rs.next()) {
                            return null;
                        }
                        List<String> values = new ArrayList<>();
                        for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                            values.add(rs.getString(c));
                        }
                        return rs.next() ? null : values;
                    }
                }

                @Override
                public void close() throws SQLException {
                    connection.close();
                }
            };
        };
    }
}
