package io.distdb.writer;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar distdb-writer.jar write|verify|stats [options]}. Exit codes: 0 success; 1 the job ran but did not
 * succeed (verify: an acknowledged write was not read back; write: the log could not be written); 2 bad usage, or a
 * file named on the command line that cannot be used.
 */
public final class Main {

    static final String USAGE = """
            distdb-writer: writes unique keys to a DistDB cluster under load and proves no acknowledged write is lost.

            Usage: java -jar distdb-writer.jar COMMAND [options]
              write    write keys at a steady rate and log every request (OK / ERR)
              verify   read every acknowledged (OK) key of the log back and check its value
              stats    counts and latency percentiles of the logged requests in a time window

            'java -jar distdb-writer.jar COMMAND --help' describes a command's options.
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command and returns the process's exit code; {@link #main} only adds {@code System.exit}. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (command) {
                case "write":
                    return WriteCommand.run(rest, out, err);
                case "verify":
                    return VerifyCommand.run(rest, out, err);
                case "stats":
                    return StatsCommand.run(rest, out, err);
                case "help":
                case "--help":
                case "-h":
                    out.print(USAGE);
                    return 0;
                default:
                    throw new UsageException("unknown command '" + command + "'");
            }
        } catch (UsageException e) {
            err.println("distdb-writer: " + e.getMessage());
            err.println("Run 'java -jar distdb-writer.jar " + (isCommand(command) ? command + " " : "") + "--help' for usage.");
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("distdb-writer: interrupted");
            return 1;
        }
    }

    private static boolean isCommand(String name) {
        return name.equals("write") || name.equals("verify") || name.equals("stats");
    }
}
