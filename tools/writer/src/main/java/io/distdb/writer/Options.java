package io.distdb.writer;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} (or {@code --name=value}) options of one command. Only the names a command declares
 * are accepted, so a typo fails at once with exit 2 instead of silently running with a default.
 */
final class Options {

    private final String command;
    private final Map<String, String> values;
    private final boolean help;

    private Options(String command, Map<String, String> values, boolean help) {
        this.command = command;
        this.values = values;
        this.help = help;
    }

    /** Parses {@code args} (the command name already removed) against the option names {@code known}. */
    static Options parse(String command, String[] args, Set<String> known) {
        Map<String, String> values = new HashMap<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException(command + ": unexpected argument '" + arg + "'");
            }
            String name;
            String value;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(2, equals);
                value = arg.substring(equals + 1);
            } else {
                name = arg.substring(2);
                if (i + 1 >= args.length) {
                    throw new UsageException(command + ": option --" + name + " needs a value");
                }
                value = args[++i];
            }
            if (!known.contains(name)) {
                throw new UsageException(command + ": unknown option --" + name);
            }
            if (values.put(name, value) != null) {
                throw new UsageException(command + ": option --" + name + " is given twice");
            }
        }
        return new Options(command, values, help);
    }

    boolean help() {
        return help;
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new UsageException(command + ": option --" + name + " is required");
        }
        return value;
    }

    long longValue(String name, long fallback, long min) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": option --" + name + " must be a whole number, not '" + text + "'");
        }
        if (value < min) {
            throw new UsageException(command + ": option --" + name + " must be at least " + min + ", not " + value);
        }
        return value;
    }

    int intValue(String name, int fallback, int min) {
        long value = longValue(name, fallback, min);
        if (value > Integer.MAX_VALUE) {
            throw new UsageException(command + ": option --" + name + " is too large: " + value);
        }
        return (int) value;
    }

    /** An {@code http://} or {@code https://} base URL with a host, without a trailing slash. */
    String target() {
        String text = required("target");
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new UsageException(command + ": --target must be an http:// or https:// URL with a host, not '"
                        + text + "'");
            }
        } catch (URISyntaxException e) {
            throw new UsageException(command + ": --target is not a URL: " + e.getMessage());
        }
        String trimmed = text.trim();
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    /** One of the node's consistency levels (case-insensitive on the command line). */
    String consistency(String fallback) {
        String value = string("consistency", fallback).trim().toUpperCase(Locale.ROOT);
        if (!Set.of("ONE", "QUORUM", "ALL").contains(value)) {
            throw new UsageException(command + ": --consistency must be ONE, QUORUM or ALL, not '"
                    + string("consistency", fallback) + "'");
        }
        return value;
    }
}
