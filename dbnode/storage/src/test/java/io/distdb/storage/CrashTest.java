package io.distdb.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.distdb.storage.testing.CrashWriter;
import io.distdb.storage.testing.EngineFixture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kills a writing child JVM with SIGKILL at random moments, many times over the same directory, and
 * checks after each kill that every acknowledged write is there, that an interrupted batch is there
 * whole or not at all, and that every value read back is intact.
 */
class CrashTest {

    private static final int KILLS = Integer.getInteger("distdb.crash.kills", 15);

    @TempDir
    Path dir;

    static List<EngineFixture> engines() {
        return EngineFixture.all();
    }

    /** One thread's operation as the child announced it. */
    private record Intent(char kind, List<String> keys) {
    }

    @ParameterizedTest
    @MethodSource("engines")
    void acknowledgedWritesSurviveSigkill(EngineFixture engine) throws Exception {
        Random random = new Random(42);
        Set<String> present = new HashSet<>();
        Set<String> deleted = new HashSet<>();
        long acknowledged = 0;
        for (int run = 0; run < KILLS; run++) {
            Map<Integer, Intent> inFlight = new HashMap<>();
            Process child = startChild(engine, run);
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String first = lines.readLine();
                assertEquals("READY", first, "child did not start: " + first);
                long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150 + random.nextInt(900));
                Thread killer = new Thread(() -> {
                    try {
                        Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(killAt - System.nanoTime())));
                        sigkill(child);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                killer.start();
                String line;
                while ((line = lines.readLine()) != null) {
                    String[] parts = line.split(" ");
                    int thread = Integer.parseInt(parts[1]);
                    if (parts[0].equals("I")) {
                        inFlight.put(thread, new Intent(parts[2].charAt(0), List.of(parts[3].split(","))));
                    } else if (parts[0].equals("A")) {
                        Intent done = inFlight.remove(thread);
                        if (done.kind() == 'D') {
                            present.removeAll(done.keys());
                            deleted.addAll(done.keys());
                        } else {
                            present.addAll(done.keys());
                        }
                        acknowledged++;
                    }
                }
                killer.join();
            }
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, child.exitValue(), "child must have died of SIGKILL");

            try (KvStore store = engine.open(dir, Durability.SYNC)) {
                // First settle what the interrupted operations did; they may touch acknowledged keys.
                for (Intent interrupted : inFlight.values()) {
                    checkInterrupted(store, interrupted, present, deleted);
                }
                for (String key : present) {
                    assertArrayEquals(CrashWriter.valueFor(key), store.get(key.getBytes()),
                            engine + " run " + run + ": acknowledged key " + key + " lost or damaged");
                }
                for (String key : deleted) {
                    assertNull(store.get(key.getBytes()), engine + " run " + run + ": acknowledged delete of " + key + " undone");
                }
                // Every value anywhere in the store is intact (never torn or mixed up).
                List<byte[]> keys = new ArrayList<>();
                store.forEachKey(keys::add);
                for (byte[] key : keys) {
                    String k = new String(key, StandardCharsets.UTF_8);
                    assertArrayEquals(CrashWriter.valueFor(k), store.get(key), "value of " + k);
                }
            }
        }
        assertTrue(acknowledged > KILLS * 10L, "the child acknowledged too few writes to test anything: " + acknowledged);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aSecondProcessCannotOpenTheSameDirectory(EngineFixture engine) throws Exception {
        Process child = startChild(engine, 0);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("READY", lines.readLine());
            StoreLockedException e = org.junit.jupiter.api.Assertions.assertThrows(StoreLockedException.class,
                    () -> engine.open(dir, Durability.SYNC));
            assertTrue(e.getMessage().contains("in use by another process"), e.getMessage());
        } finally {
            sigkill(child);
            child.waitFor(30, TimeUnit.SECONDS);
        }
        try (KvStore store = engine.open(dir, Durability.SYNC)) {
            assertTrue(store.stats().counters().size() > 0, "the lock dies with the process that held it");
        }
    }

    /** An operation cut short by the kill took effect entirely or not at all. */
    private static void checkInterrupted(KvStore store, Intent intent, Set<String> present, Set<String> deleted) {
        int there = 0;
        for (String key : intent.keys()) {
            if (store.get(key.getBytes()) != null) {
                there++;
            }
        }
        if (intent.kind() == 'D') {
            // Either still there or gone; remember which so later runs check the right thing.
            if (there == 0) {
                present.removeAll(intent.keys());
                deleted.addAll(intent.keys());
            }
            return;
        }
        assertTrue(there == 0 || there == intent.keys().size(),
                "batch " + intent.keys() + " half applied: " + there + " of " + intent.keys().size() + " keys present");
        if (there > 0) {
            present.addAll(intent.keys());
        } else {
            deleted.addAll(intent.keys());
        }
    }

    private Process startChild(EngineFixture engine, int run) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), engine.name(), dir.toString(), String.valueOf(run));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /**
     * Sends SIGKILL (what {@code ProcessHandle.destroyForcibly} does on Linux; the exit code 137 checked
     * above proves it). Unlike {@code Process.destroyForcibly} it leaves the child's output open, so the
     * acknowledgements it wrote just before dying are still read.
     */
    private static void sigkill(Process child) {
        child.toHandle().destroyForcibly();
    }

}
