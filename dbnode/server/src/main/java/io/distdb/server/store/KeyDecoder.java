package io.distdb.server.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads back the components of a key built by {@link KeyEncoder}. */
public final class KeyDecoder {

    private final byte[] key;
    private int pos;

    /** Starts after the namespace byte of {@code key}. */
    public KeyDecoder(byte[] key) {
        this.key = key;
        this.pos = 1;
    }

    public byte[] component() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (pos < key.length) {
            byte b = key[pos++];
            if (b != KeyEncoder.ESCAPE) {
                out.write(b);
                continue;
            }
            if (pos >= key.length) {
                break;
            }
            byte next = key[pos++];
            if (next == KeyEncoder.TERMINATOR) {
                return out.toByteArray();
            }
            if (next == KeyEncoder.ESCAPED_ZERO) {
                out.write(0);
                continue;
            }
            break;
        }
        throw new IllegalStateException("malformed key component at byte " + pos);
    }

    public String componentString() {
        return new String(component(), StandardCharsets.UTF_8);
    }

    /** The bytes after the last decoded component. */
    public byte[] rest() {
        byte[] rest = Arrays.copyOfRange(key, pos, key.length);
        pos = key.length;
        return rest;
    }

    public String restString() {
        return new String(rest(), StandardCharsets.UTF_8);
    }
}
