package io.distdb.storage.testing;

import java.nio.charset.StandardCharsets;

/** Short helpers for string keys and values in tests. */
public final class TestKeys {

    private TestKeys() {
    }

    public static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String s(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
