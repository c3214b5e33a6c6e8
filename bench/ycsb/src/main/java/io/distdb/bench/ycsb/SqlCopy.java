package io.distdb.bench.ycsb;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * COPY through pgjdbc's {@link CopyManager}, one connection, the same for a DistDB node's PostgreSQL listener
 * and for PostgreSQL: {@code COPY copy_t FROM STDIN} of generated rows in the text format (in one statement, or
 * one after the other in statements of {@code statementRows} rows each, each its own transaction), then
 * {@code COPY copy_t TO STDOUT} of the whole table. The table is {@code (id BIGINT PRIMARY KEY, name TEXT,
 * note TEXT, qty INTEGER)}; the rows are made before anything is timed (about 72 bytes a row), sent with
 * {@link CopyManager#copyIn(String, java.io.InputStream)} (pgjdbc cuts the stream into 64 KB CopyData
 * messages, rows split across them as they fall), and the output is kept in memory and checked after the
 * clock stops: as many rows and bytes as went in, and the same lines (in any order).
 */
final class SqlCopy {

    static final String TABLE = "copy_t";
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";

    /**
     * One direction: rows and bytes (the text format's, as sent or received), seconds from the COPY statement
     * to its CommandComplete, the count pgjdbc got back, and what the check found.
     */
    record Phase(long rows, long bytes, double seconds, long reportedRows, String check, String loadAverage,
            long serverCpuMicros) {
        double rowsPerSecond() {
            return rows / seconds;
        }

        double megabytesPerSecond() {
            return bytes / 1e6 / seconds;
        }

        /** Server CPU (all its processes and threads) per row, µs. */
        double serverCpuPerRow() {
            return rows == 0 ? -1 : (double) serverCpuMicros / rows;
        }
    }

    record Result(Phase in, Phase out) {
    }

    private SqlCopy() {
    }

    /** Rows {@code from} .. {@code to - 1} in COPY's text format, one line each. */
    static byte[] rows(int from, int to) {
        StringBuilder text = new StringBuilder((to - from) * 80);
        char[] name = new char[16];
        char[] note = new char[40];
        for (int i = from; i < to; i++) {
            SplittableRandom random = new SplittableRandom(i * 0x9E3779B97F4A7C15L);
            for (int c = 0; c < name.length; c++) {
                name[c] = ALPHABET.charAt(random.nextInt(ALPHABET.length() - 1)); // no space in the name
            }
            for (int c = 0; c < note.length; c++) {
                note[c] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            }
            text.append(i).append('\t').append(name).append('\t').append(note).append('\t')
                    .append(random.nextInt(2_000_000) - 1_000_000).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Creates {@link #TABLE} and a warm-up table, copies {@code warmupRows} rows in and out of the warm-up table
     * untimed, then the timed COPY of {@code rows} rows in and the timed COPY of the table out.
     */
    static Result run(String jdbcUrl, int rows, int statementRows, int warmupRows, Supplier<String> loadAverage,
            LongSupplier serverCpuMicros) throws Exception {
        YcsbBenchmark.progress("COPY: generating " + rows + " rows");
        int perStatement = statementRows > 0 ? statementRows : rows;
        java.util.List<byte[]> batches = new java.util.ArrayList<>();
        long bytes = 0;
        long expectedLines = 0;
        long expectedDigest = 0;
        for (int from = 0; from < rows; from += perStatement) {
            byte[] batch = rows(from, Math.min(rows, from + perStatement));
            long[] expected = lineDigest(batch, batch.length);
            expectedLines += expected[0];
            expectedDigest += expected[1];
            bytes += batch.length;
            batches.add(batch);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement()) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            SqlPointSelect.createTable(() -> statement.execute(
                    "CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, name TEXT, note TEXT, qty INTEGER)"));
            if (warmupRows > 0) {
                statement.execute("CREATE TABLE copy_warmup (id BIGINT PRIMARY KEY, name TEXT, note TEXT, qty INTEGER)");
                YcsbBenchmark.progress("COPY: warm-up, " + warmupRows + " rows in and out (not reported)");
                copy.copyIn("COPY copy_warmup FROM STDIN", new ByteArrayInputStream(rows(rows, rows + warmupRows)));
                copy.copyOut("COPY copy_warmup TO STDOUT", OutputStream.nullOutputStream());
            }

            String loadIn = loadAverage.get();
            YcsbBenchmark.progress("COPY " + TABLE + " FROM STDIN: " + rows + " rows, " + bytes + " bytes, in "
                    + batches.size() + " statement" + (batches.size() == 1 ? "" : "s"));
            long cpu = serverCpuMicros.getAsLong();
            long start = System.nanoTime();
            long reportedIn = 0;
            for (byte[] batch : batches) {
                reportedIn += copy.copyIn("COPY " + TABLE + " FROM STDIN", new ByteArrayInputStream(batch));
            }
            double inSeconds = (System.nanoTime() - start) / 1e9;
            long inCpu = serverCpuMicros.getAsLong() - cpu;
            long count;
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + TABLE)) {
                rs.next();
                count = rs.getLong(1);
            }
            String inCheck = count == rows && reportedIn == rows ? "ok"
                    : "count(*) " + count + ", COPY reported " + reportedIn + ", expected " + rows;
            Phase in = new Phase(rows, bytes, inSeconds, reportedIn, inCheck, loadIn, inCpu);
            YcsbBenchmark.progress(String.format(java.util.Locale.ROOT, "COPY FROM STDIN: %.1f s, %.0f rows/s, %.1f MB/s, %s",
                    inSeconds, in.rowsPerSecond(), in.megabytesPerSecond(), inCheck));

            String loadOut = loadAverage.get();
            Capture capture = new Capture((int) bytes + (1 << 20));
            YcsbBenchmark.progress("COPY " + TABLE + " TO STDOUT");
            cpu = serverCpuMicros.getAsLong();
            start = System.nanoTime();
            long reportedOut = copy.copyOut("COPY " + TABLE + " TO STDOUT", capture);
            double outSeconds = (System.nanoTime() - start) / 1e9;
            long outCpu = serverCpuMicros.getAsLong() - cpu;
            long[] got = lineDigest(capture.bytes, capture.size);
            String outCheck;
            if (got[0] == expectedLines && got[1] == expectedDigest && capture.size == bytes) {
                outCheck = "ok";
            } else {
                outCheck = got[0] + " lines, " + capture.size + " bytes, "
                        + (got[1] == expectedDigest ? "same lines" : "other lines") + "; expected " + expectedLines
                        + " lines, " + bytes + " bytes";
            }
            Phase out = new Phase(got[0], capture.size, outSeconds, reportedOut, outCheck, loadOut, outCpu);
            YcsbBenchmark.progress(String.format(java.util.Locale.ROOT, "COPY TO STDOUT: %.1f s, %.0f rows/s, %.1f MB/s, %s",
                    outSeconds, out.rowsPerSecond(), out.megabytesPerSecond(), outCheck));
            return new Result(in, out);
        }
    }

    /** Lines in {@code bytes[0..size)} and an order-independent digest of them (the sum of a hash per line). */
    static long[] lineDigest(byte[] bytes, int size) {
        long lines = 0;
        long digest = 0;
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < size; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                lines++;
                digest += h * 0x9E3779B97F4A7C15L ^ (h >>> 29);
                h = 0xcbf29ce484222325L;
            } else {
                h = (h ^ (b & 0xff)) * 0x100000001b3L;
            }
        }
        return new long[] {lines, digest};
    }

    /** Keeps what COPY TO sends, growing when it must: no work on the client while the clock runs. */
    private static final class Capture extends OutputStream {
        byte[] bytes;
        int size;

        Capture(int capacity) {
            bytes = new byte[capacity];
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        @Override
        public void close() throws IOException {
        }
    }
}
