package io.distdb.pgwire.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes the messages the server sends into one growing buffer, which the connection hands to the socket
 * when a cycle ends or the buffer grows large ({@link #size()}).
 */
public final class BackendWriter {

    /** One column of a RowDescription. */
    public record Field(String name, int typeOid, short typeSize, int typeModifier, short format) {
    }

    /** One field of an ErrorResponse or NoticeResponse. */
    public record ErrorField(char code, String value) {
    }

    private byte[] buf = new byte[256];
    private int len;
    private int messageStart = -1;

    public int size() {
        return len;
    }

    /** The bytes written so far; the writer is empty afterwards. */
    public byte[] drain() {
        byte[] out = Arrays.copyOf(buf, len);
        len = 0;
        if (buf.length > 1 << 20) {
            buf = new byte[256];
        }
        return out;
    }

    // ---- messages -------------------------------------------------------------------------------------------

    public BackendWriter authenticationOk() {
        return begin('R').int32(0).end();
    }

    public BackendWriter authenticationCleartextPassword() {
        return begin('R').int32(3).end();
    }

    public BackendWriter authenticationSasl(List<String> mechanisms) {
        begin('R').int32(10);
        for (String m : mechanisms) {
            cstring(m);
        }
        return int8(0).end();
    }

    public BackendWriter authenticationSaslContinue(byte[] data) {
        return begin('R').int32(11).bytes(data).end();
    }

    public BackendWriter authenticationSaslFinal(byte[] data) {
        return begin('R').int32(12).bytes(data).end();
    }

    /** The newest minor protocol version served (0: 3.0) and the protocol options ({@code _pq_.*}) not recognized. */
    public BackendWriter negotiateProtocolVersion(int newestMinor, List<String> unrecognized) {
        begin('v').int32(newestMinor).int32(unrecognized.size());
        for (String o : unrecognized) {
            cstring(o);
        }
        return end();
    }

    public BackendWriter parameterStatus(String name, String value) {
        return begin('S').cstring(name).cstring(value).end();
    }

    public BackendWriter backendKeyData(int processId, int secretKey) {
        return begin('K').int32(processId).int32(secretKey).end();
    }

    /** 'I' idle, 'T' in a transaction, 'E' in a failed transaction. */
    public BackendWriter readyForQuery(char status) {
        return begin('Z').int8(status).end();
    }

    public BackendWriter rowDescription(List<Field> fields) {
        begin('T').int16(fields.size());
        for (Field f : fields) {
            cstring(f.name()).int32(0).int16(0).int32(f.typeOid()).int16(f.typeSize()).int32(f.typeModifier()).int16(f.format());
        }
        return end();
    }

    /** A row whose values are already encoded; a null entry is SQL NULL. */
    public BackendWriter dataRow(byte[][] values) {
        begin('D').int16(values.length);
        for (byte[] v : values) {
            if (v == null) {
                int32(-1);
            } else {
                int32(v.length).bytes(v);
            }
        }
        return end();
    }

    public BackendWriter commandComplete(String tag) {
        return begin('C').cstring(tag).end();
    }

    public BackendWriter emptyQueryResponse() {
        return begin('I').end();
    }

    public BackendWriter errorResponse(List<ErrorField> fields) {
        return fields('E', fields);
    }

    public BackendWriter noticeResponse(List<ErrorField> fields) {
        return fields('N', fields);
    }

    public BackendWriter parseComplete() {
        return begin('1').end();
    }

    public BackendWriter bindComplete() {
        return begin('2').end();
    }

    public BackendWriter closeComplete() {
        return begin('3').end();
    }

    public BackendWriter noData() {
        return begin('n').end();
    }

    public BackendWriter portalSuspended() {
        return begin('s').end();
    }

    public BackendWriter parameterDescription(int[] typeOids) {
        begin('t').int16(typeOids.length);
        for (int oid : typeOids) {
            int32(oid);
        }
        return end();
    }

    /** CopyInResponse ('G') or CopyOutResponse ('H'): overall format 0 (text) and every column text. */
    public BackendWriter copyResponse(boolean in, int columns) {
        begin(in ? 'G' : 'H').int8(0).int16(columns);
        for (int i = 0; i < columns; i++) {
            int16(0);
        }
        return end();
    }

    public BackendWriter copyData(byte[] data) {
        return begin('d').bytes(data).end();
    }

    public BackendWriter copyDone() {
        return begin('c').end();
    }

    /** The one-byte answer to an SSLRequest or GSSENCRequest: 'S' yes, 'N' no. */
    public BackendWriter sslAnswer(char answer) {
        return int8(answer);
    }

    // ---- encoding -------------------------------------------------------------------------------------------

    private BackendWriter fields(char type, List<ErrorField> fields) {
        begin(type);
        for (ErrorField f : fields) {
            if (f.value() != null) {
                int8(f.code()).cstring(f.value());
            }
        }
        return int8(0).end();
    }

    private BackendWriter begin(char type) {
        int8(type);
        messageStart = len;
        return int32(0); // the length, filled in by end()
    }

    private BackendWriter end() {
        int n = len - messageStart;
        buf[messageStart] = (byte) (n >>> 24);
        buf[messageStart + 1] = (byte) (n >>> 16);
        buf[messageStart + 2] = (byte) (n >>> 8);
        buf[messageStart + 3] = (byte) n;
        messageStart = -1;
        return this;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    private BackendWriter int8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    private BackendWriter int16(int v) {
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    private BackendWriter int32(int v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    private BackendWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    private BackendWriter cstring(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ensure(b.length + 1);
        for (byte x : b) {
            // A NUL inside a string would end it early on the client: PostgreSQL text cannot hold one either.
            buf[len++] = x == 0 ? (byte) ' ' : x;
        }
        buf[len++] = 0;
        return this;
    }
}
