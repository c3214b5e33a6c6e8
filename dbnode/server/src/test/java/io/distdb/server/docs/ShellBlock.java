package io.distdb.server.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A README block run by {@code bash -e}, as a reader pastes it, in a session of its own ({@code setsid}): the
 * block, and whatever it starts in the background, is one process group, which {@link #close()} stops
 * (SIGTERM, then SIGKILL), also when the block has exited and left its background processes running. A
 * shutdown hook kills the group if the test JVM exits first. Linux: the group is read from {@code /proc}.
 */
final class ShellBlock implements AutoCloseable {

    private final String name;
    private final String text;
    private final Process process;
    private final long group;
    private final Path output;
    private final Thread reaper;

    private ShellBlock(String name, String text, Process process, Path output) {
        this.name = name;
        this.text = text;
        this.process = process;
        // setsid runs bash in place (a child of the JVM leads no group), so the bash's pid is the group's id.
        this.group = process.pid();
        this.output = output;
        this.reaper = new Thread(this::killGroup, "readme-block-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts {@code text} in {@code cwd}; the script and its output (stdout and stderr) are kept in {@code dir}. */
    static ShellBlock start(String name, String text, Path dir, Path cwd, Map<String, String> env) throws IOException {
        Path script = Files.writeString(dir.resolve(name + ".sh"), text);
        Path output = dir.resolve(name + ".out");
        ProcessBuilder builder = new ProcessBuilder("setsid", "bash", "-e", script.toString()).directory(cwd.toFile());
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(output.toFile());
        Process process = builder.start();
        process.getOutputStream().close();
        return new ShellBlock(name, text, process, output);
    }

    boolean isRunning() {
        return process.isAlive();
    }

    /** Waits for the block's shell to exit and returns its status (background processes may run on). */
    int await(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not finish within " + timeout + "\n" + describe());
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** The block and what it printed, for failure messages. */
    String describe() {
        String printed;
        try {
            printed = output();
        } catch (IOException e) {
            printed = "(its output cannot be read: " + e.getMessage() + ")\n";
        }
        return "--- " + name + ":\n" + text + "--- printed:\n" + printed;
    }

    /** Stops every process of the block's group: SIGTERM, and SIGKILL for what is left after 30 s. */
    @Override
    public void close() throws Exception {
        try {
            process.destroy();
            if (!stop(false, Duration.ofSeconds(30)) && !stop(true, Duration.ofSeconds(10))) {
                throw new IllegalStateException(name + ": processes left running in group " + group + ": " + members());
            }
        } finally {
            Runtime.getRuntime().removeShutdownHook(reaper);
        }
    }

    private boolean stop(boolean kill, Duration patience) throws Exception {
        Set<ProcessHandle> signalled = new HashSet<>();
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> members = members();
            if (members.isEmpty()) {
                return true;
            }
            for (ProcessHandle member : members) {
                if (signalled.add(member)) {
                    if (kill) {
                        member.destroyForcibly();
                    } else {
                        member.destroy();
                    }
                }
            }
            Thread.sleep(100);
        }
        return members().isEmpty();
    }

    private void killGroup() {
        try {
            members().forEach(ProcessHandle::destroyForcibly);
        } catch (IOException e) {
            // The JVM is exiting; nothing else can be done.
        }
    }

    /** The live processes of the block's group (zombies, already dead, excluded). */
    private List<ProcessHandle> members() throws IOException {
        List<ProcessHandle> members = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                String stat;
                try {
                    stat = Files.readString(proc.resolve("stat"));
                } catch (IOException exited) {
                    continue;
                }
                // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (Long.parseLong(fields[2]) == group && !fields[0].equals("Z")) {
                    ProcessHandle.of(Long.parseLong(proc.getFileName().toString())).ifPresent(members::add);
                }
            }
        }
        return members;
    }
}
