package io.distdb.server.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Strings in the node's order: by their UTF-8 bytes, unsigned. */
final class Bytes {

    private Bytes() {
    }

    static int compare(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
