package io.distdb.server.sql.expr;

import java.util.Locale;

/** Identifiers are case-insensitive: quotes are removed and names folded to lower case. */
public final class Names {

    private Names() {
    }

    public static String normalize(String identifier) {
        if (identifier == null) {
            return null;
        }
        String s = identifier.trim();
        if (s.length() >= 2 && ((s.startsWith("\"") && s.endsWith("\"")) || (s.startsWith("`") && s.endsWith("`"))
                || (s.startsWith("[") && s.endsWith("]")))) {
            s = s.substring(1, s.length() - 1);
        }
        return s.toLowerCase(Locale.ROOT);
    }
}
