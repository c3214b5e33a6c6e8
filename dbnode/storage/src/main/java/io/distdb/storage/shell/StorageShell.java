package io.distdb.storage.shell;

import io.distdb.storage.Durability;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.ScanRange;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * A line-oriented shell over one embedded LSM store, for trying the engine by hand:
 * {@code put KEY VALUE}, {@code get KEY}, {@code del KEY}, {@code scan [PREFIX] [LIMIT] [desc]},
 * {@code flush}, {@code compact}, {@code stats}, {@code quit}. Keys and values are UTF-8 text.
 *
 * <p>Usage: {@code StorageShell [--dir DIR]} (default {@code ./data}).
 */
public final class StorageShell {

    private final LsmStore store;
    private final PrintStream out;

    private StorageShell(LsmStore store, PrintStream out) {
        this.store = store;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length >= 2 && args[0].equals("--dir") ? args[1] : "data");
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (LsmStore store = LsmStore.open(dir, LsmOptions.builder().durability(Durability.SYNC).build())) {
            out.println("DistDB storage shell on " + dir.toAbsolutePath() + " (LSM engine, sync durability). Type 'help'.");
            StorageShell shell = new StorageShell(store, out);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            out.print("> ");
            while ((line = in.readLine()) != null) {
                if (!shell.run(line.trim())) {
                    break;
                }
                out.print("> ");
            }
        }
    }

    /** Runs one command; returns false to quit. */
    boolean run(String line) {
        if (line.isEmpty()) {
            return true;
        }
        String[] parts = line.split("\\s+", 3);
        try {
            switch (parts[0]) {
                case "put" -> {
                    require(parts, 3, "put KEY VALUE");
                    store.put(bytes(parts[1]), bytes(parts[2]));
                    out.println("OK");
                }
                case "get" -> {
                    require(parts, 2, "get KEY");
                    byte[] v = store.get(bytes(parts[1]));
                    out.println(v == null ? "(not found)" : new String(v, StandardCharsets.UTF_8));
                }
                case "del" -> {
                    require(parts, 2, "del KEY");
                    store.delete(bytes(parts[1]));
                    out.println("OK");
                }
                case "scan" -> scan(line.split("\\s+"));
                case "flush" -> {
                    store.flush();
                    out.println("OK");
                }
                case "compact" -> {
                    store.compactAll();
                    out.println("OK");
                }
                case "stats" -> {
                    for (Map.Entry<String, Long> e : store.stats().counters().entrySet()) {
                        out.println(e.getKey() + " = " + e.getValue());
                    }
                }
                case "help" -> out.println("put KEY VALUE | get KEY | del KEY | scan [PREFIX] [LIMIT] [desc] | flush | compact | stats | quit");
                case "quit", "exit" -> {
                    return false;
                }
                default -> out.println("error: unknown command '" + parts[0] + "' (try 'help')");
            }
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
        }
        return true;
    }

    private void scan(String[] words) {
        byte[] prefix = new byte[0];
        int limit = 100;
        boolean descending = false;
        for (int i = 1; i < words.length; i++) {
            if (words[i].equals("desc")) {
                descending = true;
            } else if (words[i].matches("\\d+")) {
                limit = Integer.parseInt(words[i]);
            } else {
                prefix = bytes(words[i]);
            }
        }
        ScanRange range = (prefix.length == 0 ? ScanRange.all() : ScanRange.prefix(prefix)).limit(limit);
        int n = 0;
        try (KvIterator it = store.scan(descending ? range.descending() : range)) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                out.println(new String(kv.key(), StandardCharsets.UTF_8) + " = " + new String(kv.value(), StandardCharsets.UTF_8));
                n++;
            }
        }
        out.println("(" + n + " entries)");
    }

    private static void require(String[] parts, int count, String usage) {
        if (parts.length < count) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
