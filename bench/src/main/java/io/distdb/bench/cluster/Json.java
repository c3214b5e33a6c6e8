package io.distdb.bench.cluster;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads top-level fields of the node's small, flat admin answers ({@code GET /admin/v1/rebalance},
 * {@code GET /admin/v1/data}, {@code GET /admin/v1/topology}) without a JSON library in the benchmark jar.
 */
final class Json {

    private Json() {
    }

    /** The number in field {@code name}, or {@code fallback} if the field is absent or not a number. */
    static long number(String body, String name, long fallback) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(-?\\d+)").matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : fallback;
    }

    /** The number in field {@code name}; fails if it is missing. */
    static long number(String body, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(-?\\d+)").matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no numeric field '" + name + "' in: " + body);
        }
        return Long.parseLong(m.group(1));
    }

    /** The string in field {@code name} (escapes kept as sent), or null if absent or null. */
    static String string(String body, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(body);
        return m.find() ? m.group(1) : null;
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }
}
