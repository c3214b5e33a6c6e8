package io.distdb.bench.ycsb;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The YCSB client JVM of one system: runs the phases the runner sends on stdin, one {@link PhaseCommand} a line,
 * one after the other in this JVM ({@link InProcessPhase}), so that the client's JIT has compiled the binding and
 * YCSB's code in the warm-up before the timed phases, for every system alike. Answers each with one line on
 * stdout: {@code ok}, or {@code error} and the cause. Exits when stdin closes.
 *
 * <p>YCSB and the bindings print to stdout as well (stack traces, warnings): stdout is set to stderr here so that
 * the replies alone go to the runner's reading end; stderr carries YCSB's status lines, which the runner relays
 * ({@link StatusRelay}).
 */
public final class ClientMain {

    private ClientMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream replies = System.out;
        System.setOut(System.err);
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            String reply;
            try {
                PhaseCommand command = PhaseCommand.fromLine(line);
                System.err.println(StatusRelay.PHASE_MARKER + command.label());
                InProcessPhase.run(command);
                reply = "ok";
            } catch (Exception | LinkageError e) {
                e.printStackTrace();
                reply = ("error " + e).replace('\n', ' ');
            }
            System.err.println(StatusRelay.PHASE_END);
            replies.println(reply);
            replies.flush();
        }
        // The runner is done with this system. exit() rather than a return: it runs the shutdown hooks (the
        // Cassandra binding's session close) and ends the bindings' non-daemon threads.
        System.exit(0);
    }
}
