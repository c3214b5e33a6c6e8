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

    /** {@code rows} rows of {@code t(id, g, v, payload)}: 100 groups, v in 0..99, payloads of {@code payloadBytes}. */
    void load(String baseUri, int rows, int payloadBytes) throws IOException, InterruptedException {
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

    static List<String> statements() {
        List<String> s = new ArrayList<>();
        s.add("SELECT g, count(*), sum(v), min(v), max(v) FROM t GROUP BY g");
        s.add("SELECT count(*), avg(v) FROM t WHERE v < 10");
        s.add("SELECT id, v FROM t WHERE v = 7 ORDER BY id");
        s.add("SELECT id, g FROM t WHERE v < 50");
        return s;
    }
}
