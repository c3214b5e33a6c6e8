package io.distdb.pgwire.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Reads the fields of one message body, checking every read against the body's end: a field that runs past
 * it is a protocol violation, never an exception of the JDK.
 */
final class MessageReader {

    private final byte[] body;
    private int pos;

    MessageReader(byte[] body) {
        this.body = body;
    }

    int remaining() {
        return body.length - pos;
    }

    byte int8() {
        need(1);
        return body[pos++];
    }

    short int16() {
        need(2);
        short v = (short) (((body[pos] & 0xff) << 8) | (body[pos + 1] & 0xff));
        pos += 2;
        return v;
    }

    int int32() {
        need(4);
        int v = ((body[pos] & 0xff) << 24) | ((body[pos + 1] & 0xff) << 16) | ((body[pos + 2] & 0xff) << 8) | (body[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    /** A NUL-terminated UTF-8 string. */
    String cstring() {
        int end = pos;
        while (end < body.length && body[end] != 0) {
            end++;
        }
        if (end == body.length) {
            throw ProtocolException.violation("invalid string in message: no terminator");
        }
        String s = new String(body, pos, end - pos, StandardCharsets.UTF_8);
        pos = end + 1;
        return s;
    }

    byte[] bytes(int n) {
        if (n < 0) {
            throw ProtocolException.violation("invalid length " + n + " in message");
        }
        need(n);
        byte[] out = new byte[n];
        System.arraycopy(body, pos, out, 0, n);
        pos += n;
        return out;
    }

    byte[] rest() {
        return bytes(remaining());
    }

    /** A count field (int16) that must not be negative. */
    int count() {
        int n = int16() & 0xffff;
        if (n > remaining()) {
            // Each counted item takes at least one byte: a count beyond the body is a lie, refuse before allocating.
            throw ProtocolException.violation("invalid count " + n + " in message of " + body.length + " bytes");
        }
        return n;
    }

    void end(String message) {
        if (pos != body.length) {
            throw ProtocolException.violation("invalid message format: " + (body.length - pos) + " bytes left over in " + message);
        }
    }

    private void need(int n) {
        if (n > body.length - pos) {
            throw ProtocolException.violation("insufficient data left in message");
        }
    }
}
