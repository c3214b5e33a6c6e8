package io.distdb.server.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds a store key from components so that byte order of keys equals the order of their components.
 *
 * <p>A {@linkplain #component component} that is followed by others is escaped and terminated: each
 * {@code 0x00} becomes {@code 0x00 0xFF} and the component ends with {@code 0x00 0x01}. The terminator
 * sorts below every escaped byte, so "a" sorts before "a\0" and "ab", and the escaped form of a prefix is
 * a byte prefix of the escaped form of every string it begins. The last component may be appended
 * {@linkplain #raw raw}.
 */
public final class KeyEncoder {

    static final byte ESCAPE = 0x00;
    static final byte ESCAPED_ZERO = (byte) 0xFF;
    static final byte TERMINATOR = 0x01;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

    KeyEncoder(Namespace namespace) {
        out.write(namespace.tag());
    }

    /** Appends an escaped, terminated component. */
    public KeyEncoder component(byte[] value) {
        escaped(value);
        out.write(ESCAPE);
        out.write(TERMINATOR);
        return this;
    }

    public KeyEncoder component(String value) {
        return component(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends the escaped bytes without a terminator: the key becomes a prefix of every component that begins with them. */
    public KeyEncoder escaped(byte[] value) {
        for (byte b : value) {
            out.write(b);
            if (b == ESCAPE) {
                out.write(ESCAPED_ZERO);
            }
        }
        return this;
    }

    public KeyEncoder escaped(String value) {
        return escaped(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends bytes as they are; only for the last component. */
    public KeyEncoder raw(byte[] value) {
        out.writeBytes(value);
        return this;
    }

    public KeyEncoder raw(String value) {
        return raw(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends one byte as it is (for example {@code 0x00 0x02}, just above every key of a terminated component). */
    public KeyEncoder rawByte(int b) {
        out.write(b);
        return this;
    }

    public byte[] build() {
        return out.toByteArray();
    }
}
