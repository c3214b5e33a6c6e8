package io.distdb.writer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/** {@code stats}: counts and latency percentiles of the logged requests in a time window, as one line of JSON. */
final class StatsCommand {

    static final String USAGE = """
            Usage: distdb-writer stats [options]
              Prints {"ok":N,"errors":N,"p50Micros":N,"p99Micros":N,"maxMicros":N,"firstMillis":N,"lastMillis":N}
              over the requests that started in [from, to); percentiles (nearest rank) over OK and ERR requests.
              --log F               the write log (default /var/lib/writer/writes.log)
              --from MILLIS         window start, epoch milliseconds, inclusive (default: the beginning)
              --to MILLIS           window end, epoch milliseconds, exclusive (default: the end)
            """;

    private static final Set<String> OPTIONS = Set.of("log", "from", "to");

    private StatsCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options = Options.parse("stats", args, OPTIONS);
        if (options.help()) {
            out.print(USAGE);
            return 0;
        }
        Path log = Path.of(options.string("log", WriteCommand.DEFAULT_LOG));
        long from = options.longValue("from", Long.MIN_VALUE, Long.MIN_VALUE);
        long to = options.longValue("to", Long.MAX_VALUE, Long.MIN_VALUE);
        if (to < from) {
            throw new UsageException("stats: --to (" + to + ") is before --from (" + from + ")");
        }
        Stats stats = new Stats(from, to);
        long malformed = LogReader.read(log, stats::add);
        if (malformed > 0) {
            err.println("stats: skipped " + malformed + " malformed lines of " + log);
        }
        out.println(stats.toJson());
        return 0;
    }
}
