package io.distdb.pgwire.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The bytes a client sends, message by message, for tests that speak the protocol by hand: well-formed
 * messages, and the means to make them lie ({@link #typedWithLength}).
 */
public final class FrontendBytes {

    public static final int PROTOCOL_3 = 196608;
    public static final int SSL_REQUEST = 80877103;
    public static final int GSSENC_REQUEST = 80877104;
    public static final int CANCEL_REQUEST = 80877102;

    private FrontendBytes() {
    }

    /** A message body under construction. */
    public static final class Body {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Body int8(int v) {
            out.write(v);
            return this;
        }

        public Body int16(int v) {
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        public Body int32(int v) {
            out.write(v >>> 24);
            out.write(v >>> 16);
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        public Body cstring(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            out.write(0);
            return this;
        }

        public Body bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        public byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    public static Body body() {
        return new Body();
    }

    // ---- start-up phase: no type byte ----------------------------------------------------------------------

    public static byte[] untyped(byte[] body) {
        return body().int32(body.length + 4).bytes(body).toByteArray();
    }

    public static byte[] startup(int protocol, Map<String, String> parameters) {
        Body b = body().int32(protocol);
        parameters.forEach((k, v) -> b.cstring(k).cstring(v));
        return untyped(b.int8(0).toByteArray());
    }

    public static byte[] startup(Map<String, String> parameters) {
        return startup(PROTOCOL_3, parameters);
    }

    public static byte[] sslRequest() {
        return untyped(body().int32(SSL_REQUEST).toByteArray());
    }

    public static byte[] gssEncRequest() {
        return untyped(body().int32(GSSENC_REQUEST).toByteArray());
    }

    public static byte[] cancelRequest(int processId, int secretKey) {
        return untyped(body().int32(CANCEL_REQUEST).int32(processId).int32(secretKey).toByteArray());
    }

    // ---- typed messages -------------------------------------------------------------------------------------

    public static byte[] typed(char type, byte[] body) {
        return typedWithLength(type, body.length + 4, body);
    }

    /** A typed message whose length field says {@code declaredLength}, whatever the body's real size. */
    public static byte[] typedWithLength(char type, int declaredLength, byte[] body) {
        return body().int8(type).int32(declaredLength).bytes(body).toByteArray();
    }

    public static byte[] query(String sql) {
        return typed('Q', body().cstring(sql).toByteArray());
    }

    public static byte[] parse(String name, String sql, int... parameterTypes) {
        Body b = body().cstring(name).cstring(sql).int16(parameterTypes.length);
        for (int t : parameterTypes) {
            b.int32(t);
        }
        return typed('P', b.toByteArray());
    }

    /** Bind with every parameter and every result in text format; a null value is SQL NULL. */
    public static byte[] bind(String portal, String statement, String... values) {
        byte[][] encoded = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            encoded[i] = values[i] == null ? null : values[i].getBytes(StandardCharsets.UTF_8);
        }
        return bind(portal, statement, new short[0], encoded, new short[0]);
    }

    public static byte[] bind(String portal, String statement, short[] parameterFormats, byte[][] values, short[] resultFormats) {
        Body b = body().cstring(portal).cstring(statement).int16(parameterFormats.length);
        for (short f : parameterFormats) {
            b.int16(f);
        }
        b.int16(values.length);
        for (byte[] v : values) {
            if (v == null) {
                b.int32(-1);
            } else {
                b.int32(v.length).bytes(v);
            }
        }
        b.int16(resultFormats.length);
        for (short f : resultFormats) {
            b.int16(f);
        }
        return typed('B', b.toByteArray());
    }

    public static byte[] describe(char kind, String name) {
        return typed('D', body().int8(kind).cstring(name).toByteArray());
    }

    public static byte[] execute(String portal, int maxRows) {
        return typed('E', body().cstring(portal).int32(maxRows).toByteArray());
    }

    public static byte[] close(char kind, String name) {
        return typed('C', body().int8(kind).cstring(name).toByteArray());
    }

    public static byte[] sync() {
        return typed('S', new byte[0]);
    }

    public static byte[] flush() {
        return typed('H', new byte[0]);
    }

    public static byte[] terminate() {
        return typed('X', new byte[0]);
    }

    public static byte[] password(byte[] data) {
        return typed('p', data);
    }

    public static byte[] copyData(byte[] data) {
        return typed('d', data);
    }

    public static byte[] copyDone() {
        return typed('c', new byte[0]);
    }

    public static byte[] copyFail(String reason) {
        return typed('f', body().cstring(reason).toByteArray());
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
