package io.distdb.writer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;

import javax.net.ssl.SSLContext;

/** {@code write}: parses its options, opens the log and runs a {@link WriteLoop} until the duration ends or SIGTERM. */
final class WriteCommand {

    static final String DEFAULT_LOG = "/var/lib/writer/writes.log";

    static final String USAGE = """
            Usage: distdb-writer write --target URL [options]
              Writes unique keys <prefix>-<seq> (value "v-<key>") and logs the outcome of every request.
              --target URL          base URL of the cluster's client Service or a node, e.g. https://distdb:8080 (required)
              --prefix P            key prefix of this run (default: 8 random characters)
              --threads N           write threads (default 4)
              --rate R              writes per second in total, 0 = unpaced (default 200)
              --consistency C       ONE, QUORUM or ALL (default QUORUM)
              --token-file F        file holding the client token, sent as 'Authorization: Bearer' (default: none)
              --ca-file F           PEM CA certificates to trust for an https:// target, e.g. the client Secret's
                                    ca.crt (default: the JDK's trust store); the host name is checked either way
              --log F               log file, appended to (default /var/lib/writer/writes.log)
              --duration S          seconds to write, 0 = until stopped with SIGTERM (default 0)
              --timeout-millis M    connect and request timeout (default 5000)
            """;

    private static final Set<String> OPTIONS = Set.of("target", "prefix", "threads", "rate", "consistency",
            "token-file", "ca-file", "log", "duration", "timeout-millis");
    private static final String PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private WriteCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        Options options = Options.parse("write", args, OPTIONS);
        if (options.help()) {
            out.print(USAGE);
            return 0;
        }
        String target = options.target();
        String prefix = prefix(options.string("prefix", null));
        int threads = options.intValue("threads", 4, 1);
        long rate = options.longValue("rate", 200, 0);
        String consistency = options.consistency("QUORUM");
        String token = NodeClient.readToken(options.string("token-file", null));
        SSLContext tls = Tls.trusting(options.string("ca-file", null));
        Path logPath = Path.of(options.string("log", DEFAULT_LOG));
        Duration duration = Duration.ofSeconds(options.longValue("duration", 0, 0));
        Duration timeout = Duration.ofMillis(options.longValue("timeout-millis", 5000, 1));

        LogWriter log;
        try {
            log = LogWriter.open(logPath);
        } catch (IOException e) {
            throw new UsageException("cannot open log file " + logPath + ": " + e);
        }
        NodeClient client = new NodeClient(target, consistency, token, timeout, tls, err);
        WriteLoop loop = new WriteLoop(client, log, prefix, threads, rate, timeout, out, err);
        out.printf("writing keys %s-0, %s-1, ... to %s at %s on %d threads, consistency %s, log %s%n", prefix, prefix,
                target, rate == 0 ? "full speed" : rate + "/s", threads, consistency, logPath);
        out.flush();

        // Kubernetes stops the pod with SIGTERM: let the requests in flight end and close the log before exiting.
        Thread hook = new Thread(loop::stop, "writer-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean clean = loop.run(duration);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook has done (or is doing) the stop.
        }
        return clean ? 0 : 1;
    }

    /** The given prefix, checked, or a random one so that every run writes keys no earlier run has written. */
    private static String prefix(String given) {
        if (given == null) {
            SecureRandom random = new SecureRandom();
            StringBuilder prefix = new StringBuilder(8);
            for (int i = 0; i < 8; i++) {
                prefix.append(PREFIX_ALPHABET.charAt(random.nextInt(PREFIX_ALPHABET.length())));
            }
            return prefix.toString();
        }
        if (given.isEmpty() || given.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new UsageException("write: --prefix must be non-empty and without white space, not '" + given + "'");
        }
        return given;
    }
}
