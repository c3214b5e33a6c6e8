package io.distdb.bench.ycsb;

import io.distdb.bench.ProcStat;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The YCSB client JVM of one system ({@link ClientMain}), started before its load and closed after its last
 * phase: every phase of the system runs in it, so the warm-up warms the client's JIT as well as the servers'. A
 * JVM of its own rather than the runner's, so that the runner's heap and compiled code stay out of it, and
 * every system gets the same fresh client JVM with the same flags.
 *
 * <p>Each phase's client CPU time is the JVM's user + system time ({@code /proc/<pid>/stat}) from the command
 * sent to the reply read: the phase's set-up and the writing of its measurements included, start-up not.
 */
final class ClientJvm implements AutoCloseable {

    private final Process process;
    private final BufferedWriter commands;
    private final BufferedReader replies;
    private final Thread relay;
    /** One permit per {@link StatusRelay#PHASE_END} the relay has read: the phase's status lines are all shown. */
    private final Semaphore phaseEnds = new Semaphore(0);

    private ClientJvm(Process process) {
        this.process = process;
        commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        relay = new Thread(this::relay, "ycsb-client-stderr");
        relay.setDaemon(true);
        relay.start();
    }

    /** A client JVM on the runner's classpath and JVM, with no flags of its own (the JVM's defaults). */
    static ClientJvm start() throws IOException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ClientMain.class.getName()).start();
        return new ClientJvm(process);
    }

    /** Runs one phase; its measurements in {@code command.output()}, parsed, with the client's CPU time. */
    YcsbRun.Result run(PhaseCommand command) throws IOException {
        long cpu = cpuMicros();
        String reply;
        try {
            commands.write(command.toLine());
            commands.newLine();
            commands.flush();
            reply = replies.readLine();
        } catch (IOException gone) {
            reply = null;
        }
        long used = cpuMicros() - cpu;
        awaitPhaseEnd();
        if (reply == null) {
            throw new IOException("the YCSB client JVM ended during " + command.label() + exitCode());
        }
        if (!reply.equals("ok")) {
            throw new IOException(command.label() + ": " + reply);
        }
        return YcsbRun.parse(Files.readAllLines(Path.of(command.output()))).withClientCpu(used);
    }

    /**
     * Until the relay has shown the phase's last status line: stdout and stderr are two pipes, and the reply may
     * come first; the runner's result line of the phase should not.
     */
    private void awaitPhaseEnd() {
        try {
            phaseEnds.tryAcquire(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long cpuMicros() {
        return ProcStat.cpuMicros(List.of(process.toHandle()));
    }

    private String exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? " (exit " + process.exitValue() + ")" : "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** YCSB's status lines as progress lines; other lines as they are, but for YCSB's chatter. */
    private void relay() {
        StatusRelay relay = new StatusRelay();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.equals(StatusRelay.PHASE_END)) {
                    phaseEnds.release();
                    continue;
                }
                StatusRelay.Shown shown = relay.accept(line);
                if (shown != null && shown.progress()) {
                    YcsbBenchmark.progress(shown.text());
                } else if (shown != null) {
                    System.err.println(shown.text());
                }
            }
        } catch (IOException closed) {
            // the client is gone
        }
    }

    /**
     * Closes the client's stdin: it exits, closing what its bindings keep for the JVM (the Cassandra session), after
     * the last phase's clock has stopped.
     */
    @Override
    public void close() throws InterruptedException {
        try {
            commands.close();
        } catch (IOException gone) {
            // already ended
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        relay.join(5000);
    }
}
