package io.distdb.bench.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;

/**
 * The SQL side of the cluster benchmark: loads one table through {@code POST /sql} and times statements one
 * at a time, as a client sees them.
 */
final class SqlQueries {

    /** One timed statement: the median and best of its runs, and its answer (to compare setups). */
    record Timing(double medianMillis, double bestMillis, String answer) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * {@code rows} rows of {@code t(id, g, v, payload)}: 100 groups, v in 0..99, payloads of {@code payloadBytes};
     * adds the rows inserted to {@code inserted} after every statement.
     */
    void load(String baseUri, int rows, int payloadBytes, LongAdder inserted) throws IOException, InterruptedException {
        post(baseUri, "CREATE TABLE t (id INTEGER PRIMARY KEY, g TEXT, v INTEGER, payload TEXT)");
        Random random = new Random(42);
        char[] filler = new char[payloadBytes];
        int batch = 500;
        for (int first = 0; first < rows; first += batch) {
            StringBuilder sql = new StringBuilder("INSERT INTO t (id, g, v, payload) VALUES ");
            for (int id = first; id < Math.min(rows, first + batch); id++) {
                Arrays.fill(filler, (char) ('a' + random.nextInt(26)));
                sql.append(id == first ? "" : ", ").append('(').append(id).append(", 'g").append(id % 100).append("', ")
                        .append(random.nextInt(100)).append(", '").append(filler).append("')");
            }
            post(baseUri, sql.toString());
            inserted.add(Math.min(rows, first + batch) - first);
        }
    }

    Timing time(String baseUri, String statement, int warmups, int runs) throws IOException, InterruptedException {
        String answer = null;
        for (int i = 0; i < warmups; i++) {
            answer = post(baseUri, statement);
        }
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            answer = post(baseUri, statement);
            millis[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(millis);
        return new Timing(millis[runs / 2], millis[0], answer);
    }

    private String post(String baseUri, String sql) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUri + "/sql"))
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sql\":" + Json.quote(sql) + "}")).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST /sql answered " + response.statusCode() + ": " + response.body()
                    + " for " + (sql.length() > 120 ? sql.substring(0, 120) + "..." : sql));
        }
        return response.body();
    }

    /** The table of {@link #insert} and {@link #pointSelect}. */
    static final String POINT_TABLE = "CREATE TABLE IF NOT EXISTS t (id BIGINT PRIMARY KEY, v TEXT)";

    /**
     * Runs {@code statement} (one that may run again, such as {@code CREATE TABLE IF NOT EXISTS}), trying again
     * while the node answers with an error (not ready for SQL yet) for up to {@code timeoutSeconds}.
     */
    void await(String baseUri, String statement, long timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            try {
                post(baseUri, statement);
                return;
            } catch (IllegalStateException | IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(500);
            }
        }
    }

    /**
     * {@code INSERT INTO t (id, v) VALUES (?, ?)} with id {@code firstId + key} and a text {@code v} as long as
     * the value inside an item body of {@code bodies} (the item load's payload).
     */
    static WriteLoad.Operation insert(String consistency, long firstId, byte[][] bodies) {
        String[] values = new String[bodies.length];
        for (int b = 0; b < bodies.length; b++) {
            String body = new String(bodies[b], java.nio.charset.StandardCharsets.US_ASCII);
            values[b] = body.substring("{\"v\":\"".length(), body.length() - 2);
        }
        String sql = "{\"sql\":\"INSERT INTO t (id, v) VALUES (?, ?)\",\"params\":[";
        return new WriteLoad.Operation() {
            @Override
            public HttpRequest request(String baseUri, String keyPrefix, long key) {
                return statement(baseUri, consistency, sql + (firstId + key) + ",\"" + values[(int) (key % values.length)] + "\"]}");
            }

            @Override
            public String check(HttpResponse<String> response) {
                return response.statusCode() == 200 && response.body().contains("\"rowsAffected\":1") ? null
                        : response.statusCode() + " " + response.body();
            }
        };
    }

    /**
     * {@code SELECT v FROM t WHERE id = ?} of an id in {@code firstId .. firstId + count - 1}, spread over them
     * pseudo-randomly; an answer without a row counts as a failure.
     */
    static WriteLoad.Operation pointSelect(String consistency, long firstId, long count) {
        String sql = "{\"sql\":\"SELECT v FROM t WHERE id = ?\",\"params\":[";
        return new WriteLoad.Operation() {
            @Override
            public HttpRequest request(String baseUri, String keyPrefix, long key) {
                return statement(baseUri, consistency, sql + (firstId + spread(key, count)) + "]}");
            }

            @Override
            public String check(HttpResponse<String> response) {
                return response.statusCode() == 200 && response.body().contains("\"rows\":[[") ? null
                        : response.statusCode() + " " + response.body();
            }
        };
    }

    /** A pseudo-random index in {@code 0 .. count - 1} for the {@code key}-th request of a read load. */
    static long spread(long key, long count) {
        return Math.floorMod(key * 0x9E3779B97F4A7C15L, count);
    }

    private static HttpRequest statement(String baseUri, String consistency, String body) {
        return HttpRequest.newBuilder(URI.create(baseUri + "/sql"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-DistDB-Consistency", consistency)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    static List<String> statements() {
        List<String> s = new ArrayList<>();
        s.add("SELECT g, count(*), sum(v), min(v), max(v) FROM t GROUP BY g");
        s.add("SELECT count(*), avg(v) FROM t WHERE v < 10");
        s.add("SELECT id, v FROM t WHERE v = 7 ORDER BY id");
        s.add("SELECT id, g FROM t WHERE v < 50");
        return s;
    }
}
