package io.distdb.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line flags of the form {@code --name=value}; numbers may use {@code _} or {@code ,} as separators. */
public final class Flags {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> read = new HashSet<>();

    private Flags() {
    }

    public static Flags parse(String[] args) {
        Flags flags = new Flags();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("expected --name=value, got: " + arg);
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            flags.values.put(name, eq < 0 ? "true" : arg.substring(eq + 1));
        }
        return flags;
    }

    public boolean has(String name) {
        read.add(name);
        return values.containsKey(name);
    }

    public String string(String name, String defaultValue) {
        read.add(name);
        return values.getOrDefault(name, defaultValue);
    }

    public long number(String name, long defaultValue) {
        String raw = string(name, null);
        if (raw == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(raw.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs a number, got: " + raw);
        }
    }

    public int positiveInt(String name, long defaultValue) {
        long v = number(name, defaultValue);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--" + name + " must be between 1 and " + Integer.MAX_VALUE + ": " + v);
        }
        return (int) v;
    }

    public List<String> list(String name, String defaultValue) {
        List<String> items = new ArrayList<>();
        for (String item : string(name, defaultValue).split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("--" + name + " must not be empty");
        }
        return items;
    }

    /** Fails on any flag that no one asked for, so that a typo does not silently run the defaults. */
    public void rejectUnknown() {
        for (String name : values.keySet()) {
            if (!read.contains(name)) {
                throw new IllegalArgumentException("unknown flag --" + name + " (see --help)");
            }
        }
    }
}
