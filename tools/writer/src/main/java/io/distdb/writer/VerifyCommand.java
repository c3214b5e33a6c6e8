package io.distdb.writer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import javax.net.ssl.SSLContext;

/** {@code verify}: reads every acknowledged key of a write log back and prints the counts as one line of JSON. */
final class VerifyCommand {

    static final String USAGE = """
            Usage: distdb-writer verify --target URL [options]
              Reads every key the log records as acknowledged (OK) and checks its value.
              Prints {"acknowledged":N,"found":N,"missing":N,"wrong":N,"failed":N,"examples":[...]};
              exits 0 when every acknowledged key was found, 1 otherwise.
              --target URL          base URL of the cluster's client Service or a node (required)
              --log F               the write log (default /var/lib/writer/writes.log)
              --consistency C       ONE, QUORUM or ALL (default ALL)
              --threads N           reading threads (default 8)
              --token-file F        file holding the client token (default: none)
              --ca-file F           PEM CA certificates to trust for an https:// target (default: the JDK's trust store)
              --timeout-millis M    connect and request timeout (default 5000)
            """;

    static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    private static final Set<String> OPTIONS = Set.of("target", "log", "consistency", "threads", "token-file",
            "ca-file", "timeout-millis");

    private VerifyCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        return run(args, out, err, RETRY_PAUSE);
    }

    /** @param retryPause the pause before each retry of a failed read (shorter in tests) */
    static int run(String[] args, PrintStream out, PrintStream err, Duration retryPause) throws InterruptedException {
        Options options = Options.parse("verify", args, OPTIONS);
        if (options.help()) {
            out.print(USAGE);
            return 0;
        }
        String target = options.target();
        Path log = Path.of(options.string("log", WriteCommand.DEFAULT_LOG));
        String consistency = options.consistency("ALL");
        int threads = options.intValue("threads", 8, 1);
        String token = NodeClient.readToken(options.string("token-file", null));
        SSLContext tls = Tls.trusting(options.string("ca-file", null));
        Duration timeout = Duration.ofMillis(options.longValue("timeout-millis", 5000, 1));

        NodeClient client = new NodeClient(target, consistency, token, timeout, tls, err);
        Verifier verifier = new Verifier(client, threads, retryPause);
        long malformed;
        try {
            malformed = LogReader.read(log, record -> {
                if (record.ok()) {
                    verifier.submit(record.key());
                }
            });
        } catch (UsageException e) {
            // A log that cannot be read proves nothing: no counts, and no reading threads left behind.
            verifier.abandon();
            throw e;
        }
        if (malformed > 0) {
            err.println("verify: skipped " + malformed + " malformed lines of " + log);
        }
        Verifier.Report report = verifier.finish();
        if (report.acknowledged() == 0) {
            // Nothing lost, but nothing proven either: say so rather than let a silent 0 pass for success.
            err.println("verify: " + log + " records no acknowledged write");
        }
        out.println(report.toJson());
        return report.allFound() ? 0 : 1;
    }
}
