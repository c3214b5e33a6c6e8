package io.distdb.server.kv;

import java.util.Locale;

/**
 * Checks that a value declared {@code base64} (or {@code base64url}) is base64 text, without decoding it: the
 * alphabet of the encoding, padding only at the end and at most two characters of it, and a length a base64 encoder
 * can produce. Line breaks and spaces are allowed anywhere, as MIME writes them.
 */
public final class Base64Text {

    private Base64Text() {
    }

    /** True for the encodings this class checks: {@code base64} and {@code base64url}, in any case. */
    public static boolean declares(String encoding) {
        String name = encoding.trim().toLowerCase(Locale.ROOT);
        return name.equals("base64") || name.equals("base64url");
    }

    public static boolean isValid(String encoding, String text) {
        boolean urlSafe = encoding.trim().toLowerCase(Locale.ROOT).equals("base64url");
        int data = 0;
        int padding = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                continue;
            }
            if (c == '=') {
                padding++;
            } else if (padding > 0 || !inAlphabet(c, urlSafe)) {
                return false;
            } else {
                data++;
            }
        }
        if (padding > 2 || data % 4 == 1) {
            return false;
        }
        return padding == 0 || (data + padding) % 4 == 0;
    }

    private static boolean inAlphabet(char c, boolean urlSafe) {
        if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
            return true;
        }
        return urlSafe ? c == '-' || c == '_' : c == '+' || c == '/';
    }
}
