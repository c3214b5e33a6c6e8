package io.distdb.writer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Runs the tool's command line in-process and captures what a user would see. */
final class Cli {

    record Result(int exit, String out, String err) {
    }

    private Cli() {
    }

    static Result run(String... args) {
        return capture(args, null);
    }

    /** {@code verify ARGS} (the command name left out) with a short pause before the retries of a failed read. */
    static Result verifyQuickly(String... args) {
        return capture(args, Duration.ofMillis(10));
    }

    private static Result capture(String[] args, Duration retryPause) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            if (retryPause == null) {
                exit = Main.run(args, o, e);
            } else {
                try {
                    exit = VerifyCommand.run(args, o, e, retryPause);
                } catch (UsageException | InterruptedException ex) {
                    throw new AssertionError(ex);
                }
            }
        }
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
