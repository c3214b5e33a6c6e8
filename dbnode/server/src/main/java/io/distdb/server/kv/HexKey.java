package io.distdb.server.kv;

import io.distdb.server.errors.InvalidRequestException;

import java.util.HexFormat;

/** Seed 001 keys are bytes, written in JSON and URLs as hex strings. */
public final class HexKey {

    private HexKey() {
    }

    public static byte[] parse(String hex) {
        if (hex == null || hex.isBlank()) {
            throw new InvalidRequestException("field 'key' is required: the key as a hex string");
        }
        String trimmed = hex.trim();
        if (trimmed.length() % 2 != 0) {
            throw new InvalidRequestException("key '" + trimmed + "' is not valid hex: it has an odd number of digits");
        }
        try {
            return HexFormat.of().parseHex(trimmed);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("key '" + trimmed + "' is not valid hex: only 0-9 and a-f are allowed");
        }
    }

    /** The canonical (lower-case) spelling of a key. */
    public static String format(byte[] key) {
        return HexFormat.of().formatHex(key);
    }
}
