package io.distdb.writer;

/**
 * One line of the write log: a single write request and how it ended.
 *
 * <pre>
 * OK  &lt;keyText&gt; &lt;startEpochMillis&gt; &lt;latencyMicros&gt;
 * ERR &lt;keyText&gt; &lt;startEpochMillis&gt; &lt;latencyMicros&gt; &lt;status or exception class&gt;
 * </pre>
 *
 * Fields are separated by single spaces, so neither the key text nor the reason may contain white space.
 *
 * @param ok            whether the node acknowledged the write (HTTP 200)
 * @param key           the key as text (the URL carries its hex form)
 * @param startMillis   when the request was started, epoch milliseconds
 * @param latencyMicros how long the request took until its answer or failure
 * @param reason        for an error, the HTTP status or the exception class; {@code null} when {@code ok}
 */
record LogRecord(boolean ok, String key, long startMillis, long latencyMicros, String reason) {

    static LogRecord ok(String key, long startMillis, long latencyMicros) {
        return new LogRecord(true, key, startMillis, latencyMicros, null);
    }

    static LogRecord error(String key, long startMillis, long latencyMicros, String reason) {
        return new LogRecord(false, key, startMillis, latencyMicros, reason);
    }

    /** The line, without its line terminator. */
    String format() {
        String line = (ok ? "OK " : "ERR ") + key + ' ' + startMillis + ' ' + latencyMicros;
        return ok ? line : line + ' ' + reason;
    }

    /**
     * Reads a line written by {@link #format()}.
     *
     * @return the record, or {@code null} when the line is not one (the reader skips it and counts it)
     */
    static LogRecord parse(String line) {
        String[] fields = line.strip().split(" ");
        boolean ok = fields.length == 4 && fields[0].equals("OK");
        boolean error = fields.length == 5 && fields[0].equals("ERR");
        if (!ok && !error || fields[1].isEmpty()) {
            return null;
        }
        try {
            long start = Long.parseLong(fields[2]);
            long latency = Long.parseLong(fields[3]);
            return new LogRecord(ok, fields[1], start, latency, ok ? null : fields[4]);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
