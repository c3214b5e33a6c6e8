package io.distdb.pgwire.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the bytes of one connection, in whatever chunks the network delivers them, into messages. Before
 * the startup message, messages have no type byte; after it, each is a type byte and a length that counts
 * itself. A length below its minimum or above {@link #maxMessageBytes} is refused before any body is
 * buffered, so a client cannot make the server allocate what it merely declares.
 *
 * <p>Not thread-safe: one connection's bytes arrive in order on one thread.
 */
public final class FrontendDecoder {

    /** The protocol version of the startup message, 3.0. */
    public static final int PROTOCOL_3 = 196608;
    static final int SSL_REQUEST = 80877103;
    static final int GSSENC_REQUEST = 80877104;
    static final int CANCEL_REQUEST = 80877102;
    /** A startup packet is small: its parameters are a few names and values. */
    static final int MAX_STARTUP_BYTES = 10_000;

    private final int maxMessageBytes;
    private boolean startupDone;
    private byte[] pending = new byte[0];
    private int pendingLength;

    public FrontendDecoder(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Called once the startup phase is over (after the startup message itself; an SSL request is followed
     * by another untyped message).
     */
    public void startupDone() {
        startupDone = true;
    }

    public boolean isStartupDone() {
        return startupDone;
    }

    /** Bytes buffered waiting for the rest of a message. */
    public int buffered() {
        return pendingLength;
    }

    /**
     * Feeds bytes and returns the messages they complete. During start-up at most one message is returned
     * (the caller must say {@link #startupDone()} before later bytes can be read as typed messages); the
     * rest stays buffered for the next call.
     *
     * @throws ProtocolException on a malformed message; the connection cannot continue after it
     */
    public List<FrontendMessage> feed(byte[] chunk, int offset, int length) {
        append(chunk, offset, length);
        List<FrontendMessage> out = new ArrayList<>();
        int pos = 0;
        while (true) {
            if (!startupDone) {
                if (!out.isEmpty() || pendingLength - pos < 4) {
                    break;
                }
                int len = int32(pending, pos);
                if (len < 8 || len > MAX_STARTUP_BYTES) {
                    throw ProtocolException.violation("invalid length of startup packet: " + len);
                }
                if (pendingLength - pos < len) {
                    break;
                }
                out.add(startup(slice(pos + 4, len - 4)));
                pos += len;
            } else {
                if (pendingLength - pos < 5) {
                    break;
                }
                char type = (char) (pending[pos] & 0xff);
                int len = int32(pending, pos + 1);
                if (len < 4) {
                    throw ProtocolException.violation("invalid message length " + len + " for message type '" + printable(type) + "'");
                }
                if (len > maxMessageBytes) {
                    throw new ProtocolException("54000", "message of type '" + printable(type) + "' is " + len
                            + " bytes, more than the limit of " + maxMessageBytes);
                }
                if (pendingLength - pos < 1 + len) {
                    break;
                }
                out.add(typed(type, slice(pos + 5, len - 4)));
                pos += 1 + len;
            }
        }
        consume(pos);
        return out;
    }

    private static String printable(char type) {
        return type >= 32 && type < 127 ? String.valueOf(type) : String.format("\\x%02x", (int) type);
    }

    private void append(byte[] chunk, int offset, int length) {
        if (pendingLength + length > pending.length) {
            byte[] grown = new byte[Math.max(pendingLength + length, Math.min(pending.length * 2, pendingLength + length + 65536))];
            System.arraycopy(pending, 0, grown, 0, pendingLength);
            pending = grown;
        }
        System.arraycopy(chunk, offset, pending, pendingLength, length);
        pendingLength += length;
    }

    private void consume(int n) {
        if (n == 0) {
            return;
        }
        int left = pendingLength - n;
        if (left == 0 && pending.length > 65536) {
            pending = new byte[0]; // a large message passed: do not keep its buffer for the life of the connection
        } else {
            System.arraycopy(pending, n, pending, 0, left);
        }
        pendingLength = left;
    }

    private byte[] slice(int from, int n) {
        byte[] out = new byte[n];
        System.arraycopy(pending, from, out, 0, n);
        return out;
    }

    private static int int32(byte[] b, int p) {
        return ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
    }

    private static FrontendMessage startup(byte[] body) {
        MessageReader r = new MessageReader(body);
        int code = r.int32();
        if (code == SSL_REQUEST) {
            r.end("SSLRequest");
            return new FrontendMessage.SslRequest();
        }
        if (code == GSSENC_REQUEST) {
            r.end("GSSENCRequest");
            return new FrontendMessage.GssEncRequest();
        }
        if (code == CANCEL_REQUEST) {
            FrontendMessage m = new FrontendMessage.CancelRequest(r.int32(), r.int32());
            r.end("CancelRequest");
            return m;
        }
        if (code >>> 16 != 3) {
            throw new ProtocolException("0A000", "unsupported frontend protocol " + (code >>> 16) + "." + (code & 0xffff)
                    + ": server supports 3.0");
        }
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            String name = r.cstring();
            if (name.isEmpty()) {
                break;
            }
            params.put(name, r.cstring());
        }
        r.end("startup packet");
        return new FrontendMessage.Startup(code, params);
    }

    private static FrontendMessage typed(char type, byte[] body) {
        MessageReader r = new MessageReader(body);
        FrontendMessage m;
        switch (type) {
            case 'Q' -> m = new FrontendMessage.Query(r.cstring());
            case 'P' -> {
                String name = r.cstring();
                String sql = r.cstring();
                int n = r.count();
                int[] types = new int[n];
                for (int i = 0; i < n; i++) {
                    types[i] = r.int32();
                }
                m = new FrontendMessage.Parse(name, sql, types);
            }
            case 'B' -> m = bind(r);
            case 'D' -> m = new FrontendMessage.Describe(kind(r.int8(), "Describe"), r.cstring());
            case 'E' -> m = new FrontendMessage.Execute(r.cstring(), r.int32());
            case 'C' -> m = new FrontendMessage.Close(kind(r.int8(), "Close"), r.cstring());
            case 'S' -> m = new FrontendMessage.Sync();
            case 'H' -> m = new FrontendMessage.Flush();
            case 'X' -> m = new FrontendMessage.Terminate();
            case 'd' -> m = new FrontendMessage.CopyData(r.rest());
            case 'c' -> m = new FrontendMessage.CopyDone();
            case 'f' -> m = new FrontendMessage.CopyFail(r.cstring());
            case 'p' -> m = new FrontendMessage.PasswordData(r.rest());
            case 'F' -> {
                r.rest();
                m = new FrontendMessage.FunctionCall();
            }
            default -> throw ProtocolException.violation("invalid frontend message type '" + printable(type) + "'");
        }
        r.end("message '" + type + "'");
        return m;
    }

    private static FrontendMessage bind(MessageReader r) {
        String portal = r.cstring();
        String statement = r.cstring();
        int nf = r.count();
        short[] formats = new short[nf];
        for (int i = 0; i < nf; i++) {
            formats[i] = format(r.int16());
        }
        int nv = r.count();
        List<byte[]> values = new ArrayList<>(nv);
        for (int i = 0; i < nv; i++) {
            int len = r.int32();
            values.add(len == -1 ? null : r.bytes(len));
        }
        int nr = r.count();
        short[] results = new short[nr];
        for (int i = 0; i < nr; i++) {
            results[i] = format(r.int16());
        }
        return new FrontendMessage.Bind(portal, statement, formats, values, results);
    }

    private static short format(short f) {
        if (f != 0 && f != 1) {
            throw ProtocolException.violation("invalid format code: " + f);
        }
        return f;
    }

    private static char kind(byte b, String message) {
        char c = (char) b;
        if (c != 'S' && c != 'P') {
            throw ProtocolException.violation("invalid " + message + " message subtype " + (int) b);
        }
        return c;
    }
}
