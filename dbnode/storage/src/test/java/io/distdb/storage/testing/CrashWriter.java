package io.distdb.storage.testing;

import io.distdb.storage.Durability;
import io.distdb.storage.KvStore;
import io.distdb.storage.WriteBatch;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of the crash test. Opens a store with {@link Durability#SYNC} and writes from two
 * threads until it is killed. Before each operation it prints its intent ({@code I <thread> P|D|B keys}),
 * after the store acknowledged it an acknowledgement ({@code A <thread>}). Values are derived from keys
 * ({@link #valueFor}) so that any value read back can be checked.
 *
 * <p>Arguments: engine name, directory, run number.
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    public static byte[] valueFor(String key) {
        StringBuilder sb = new StringBuilder();
        int h = key.hashCode();
        int length = 20 + Math.floorMod(h, 180);
        while (sb.length() < length) {
            sb.append(key).append(':').append(h).append(';');
        }
        return sb.substring(0, length).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        EngineFixture engine = EngineFixture.named(args[0]);
        Path dir = Path.of(args[1]);
        int run = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);
        KvStore store = engine.open(dir, Durability.SYNC);
        out.println("READY");
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int thread = t;
            Thread th = new Thread(() -> write(store, out, run, thread));
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
    }

    private static void write(KvStore store, PrintStream out, int run, int thread) {
        List<String> mine = new ArrayList<>();
        for (int i = 0; ; i++) {
            String key = String.format("r%03d-t%d-%07d", run, thread, i);
            if (i % 10 == 9 && mine.size() > 5) {
                String victim = mine.remove(mine.size() - 5);
                out.println("I " + thread + " D " + victim);
                store.delete(victim.getBytes());
            } else if (i % 7 == 3) {
                String k2 = key + "b";
                String k3 = key + "c";
                out.println("I " + thread + " B " + key + "," + k2 + "," + k3);
                store.write(new WriteBatch()
                        .put(key.getBytes(), valueFor(key))
                        .put(k2.getBytes(), valueFor(k2))
                        .put(k3.getBytes(), valueFor(k3)));
                mine.add(key);
            } else {
                out.println("I " + thread + " P " + key);
                store.put(key.getBytes(), valueFor(key));
                mine.add(key);
            }
            out.println("A " + thread);
        }
    }
}
