package io.distdb.sql.copy;

import io.distdb.sql.ast.CopyOptions;
import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.errors.SqlException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the data of a {@code COPY ... FROM STDIN} as it arrives, in chunks of any size: a line may span
 * chunks, and so may a multi-byte UTF-8 character (the decoder works on bytes and decodes a field only once
 * it is whole; every byte it looks for is ASCII, which never occurs inside a multi-byte character). Each
 * complete line becomes one row of field strings ({@code null} for NULL), handed to a {@link RowSink}.
 *
 * <p>Text format, as PostgreSQL reads it: fields end at the delimiter, lines at {@code \n}, {@code \r\n} or
 * {@code \r}; a backslash escapes the next character ({@code \t \n \r \b \f \v}, {@code \\}, one to three
 * octal digits, {@code \x} and one or two hex digits, any other character stands for itself, so an escaped
 * delimiter or newline is data); a field whose text as written equals the NULL string is NULL; a line
 * {@code \.} ends the data. CSV: fields may be quoted, and a quoted field may hold delimiters, newlines and
 * quotes (doubled, or preceded by the ESCAPE character); an unquoted field equal to the NULL string (by
 * default an empty one) is NULL, a quoted one never is; a line {@code \.} also ends the data.
 *
 * <p>Errors are {@link SqlException}s: 22021 for bytes that are not UTF-8 (or a NUL byte), 22P04 for an
 * unterminated CSV quoted field. A line's number counts from 1, header included.
 */
public final class CopyDecoder {

    /** Receives rows as they are completed. */
    public interface RowSink {
        /** One data row: its fields (NULL as {@code null}) and its line number. */
        void row(String[] fields, long line);

        /** The header line, when the options say there is one (it is not a row). */
        default void header(String[] fields, long line) {
        }
    }

    private final boolean csv;
    private final byte delimiter;
    private final byte quote;
    /** CSV's escape character, or -1 when it is the quote character (then a quote only toggles quoting). */
    private final int escape;
    private final byte[] nullBytes;
    private final boolean header;

    /** Bytes received but not yet consumed: the start of an incomplete line, at offset 0. */
    private byte[] buf = new byte[64 * 1024];
    private int len;
    /** How far into {@code buf} the current line has been scanned for its end. */
    private int scanned;
    /** Scanner state at {@code scanned}: after a backslash (text), inside quotes / after an escape (CSV). */
    private boolean backslash;
    private boolean inQuote;
    private boolean lastWasEscape;
    /** The previous line ended with {@code \r}: a {@code \n} right after it belongs to that line end. */
    private boolean skipLineFeed;
    private long line;
    private boolean ended;

    /** A field's bytes after unescaping, reused across fields. */
    private byte[] field = new byte[256];
    private String[] fields = new String[8];
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    public CopyDecoder(CopyOptions options) {
        this.csv = options.csv();
        this.delimiter = (byte) options.delimiter();
        this.quote = (byte) options.quote();
        this.escape = options.escape() == options.quote() ? -1 : options.escape();
        this.nullBytes = options.nullString().getBytes(StandardCharsets.UTF_8);
        this.header = options.header();
    }

    /** Lines seen so far (complete ones, and the header). */
    public long lines() {
        return line;
    }

    /** Whether the end marker {@code \.} was read: what follows it is ignored. */
    public boolean ended() {
        return ended;
    }

    /** Bytes held for an incomplete line. */
    public int pendingBytes() {
        return len;
    }

    /** Takes the next chunk of data, handing every line it completes to {@code sink}. */
    public void accept(byte[] data, int offset, int length, RowSink sink) {
        if (ended || length == 0) {
            return;
        }
        if (len + length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + length));
        }
        System.arraycopy(data, offset, buf, len, length);
        len += length;
        process(sink);
    }

    /** The end of the data: the last line may lack its line end; an open CSV quote is an error (22P04). */
    public void finish(RowSink sink) {
        if (ended) {
            return;
        }
        if (inQuote) {
            throw new SqlException("22P04", SqlErrors.GENERAL, "unterminated CSV quoted field (line " + (line + 1) + ")");
        }
        int start = 0;
        if (skipLineFeed && len > 0 && buf[0] == '\n') {
            start = 1;
        }
        skipLineFeed = false;
        if (len > start) {
            line(start, len, sink);
        }
        len = 0;
        scanned = 0;
        ended = true;
    }

    private void process(RowSink sink) {
        int lineStart = 0;
        int i = scanned;
        final byte[] b = buf;
        final int n = len;
        while (i < n) {
            if (skipLineFeed) {
                skipLineFeed = false;
                if (b[i] == '\n') {
                    lineStart = ++i;
                    continue;
                }
            }
            // Scan for the end of the line; the state survives the end of the chunk.
            int end = -1;
            if (!csv) {
                while (i < n) {
                    byte c = b[i];
                    if (backslash) {
                        backslash = false;
                    } else if (c == '\\') {
                        backslash = true;
                    } else if (c == '\n' || c == '\r') {
                        end = i;
                        break;
                    }
                    i++;
                }
            } else {
                while (i < n) {
                    byte c = b[i];
                    if (inQuote && c == escape) {
                        lastWasEscape = !lastWasEscape;
                    }
                    if (c == quote && !lastWasEscape) {
                        inQuote = !inQuote;
                    }
                    if (c != escape) {
                        lastWasEscape = false;
                    }
                    if (!inQuote && (c == '\n' || c == '\r')) {
                        end = i;
                        break;
                    }
                    i++;
                }
            }
            if (end < 0) {
                break;
            }
            skipLineFeed = b[end] == '\r';
            i = end + 1;
            line(lineStart, end, sink);
            lineStart = i;
            if (ended) {
                len = 0;
                scanned = 0;
                return;
            }
        }
        // Keep the incomplete line at the start of the buffer.
        if (lineStart > 0) {
            System.arraycopy(b, lineStart, b, 0, n - lineStart);
        }
        len = n - lineStart;
        scanned = len;
        if (len == 0 && buf.length > 1024 * 1024) {
            buf = new byte[64 * 1024]; // a very long line is over: give its memory back
        }
    }

    /** One complete line, {@code buf[start, end)} without its line end. */
    private void line(int start, int end, RowSink sink) {
        line++;
        if (end - start == 2 && buf[start] == '\\' && buf[start + 1] == '.') {
            ended = true;
            return;
        }
        int count = csv ? csvFields(start, end) : textFields(start, end);
        String[] row = Arrays.copyOf(fields, count);
        if (header && line == 1) {
            sink.header(row, line);
        } else {
            sink.row(row, line);
        }
    }

    // ---- text format

    private int textFields(int start, int end) {
        final byte[] b = buf;
        int count = 0;
        int pos = start;
        while (true) {
            int fieldStart = pos;
            boolean escaped = false;
            while (pos < end) {
                byte c = b[pos];
                if (c == delimiter) {
                    break;
                }
                if (c == '\\') {
                    escaped = true;
                    pos += 2; // the escaped character (an ASCII one is never the first byte of another)
                    continue;
                }
                pos++;
            }
            if (pos > end) {
                pos = end; // a backslash at the very end of the data
            }
            String value;
            if (isNull(fieldStart, pos)) {
                value = null;
            } else if (!escaped) {
                value = string(b, fieldStart, pos - fieldStart);
            } else {
                value = unescape(fieldStart, pos);
            }
            add(count++, value);
            if (pos >= end) {
                return count;
            }
            pos++; // the delimiter
        }
    }

    private String unescape(int start, int end) {
        final byte[] b = buf;
        ensureField(end - start);
        byte[] out = field;
        int o = 0;
        int pos = start;
        while (pos < end) {
            byte c = b[pos++];
            if (c != '\\') {
                out[o++] = c;
                continue;
            }
            if (pos >= end) {
                out[o++] = '\\';
                break;
            }
            c = b[pos++];
            switch (c) {
                case 'b' -> out[o++] = '\b';
                case 'f' -> out[o++] = '\f';
                case 'n' -> out[o++] = '\n';
                case 'r' -> out[o++] = '\r';
                case 't' -> out[o++] = '\t';
                case 'v' -> out[o++] = 0x0b;
                case 'x' -> {
                    int h = pos < end ? hex(b[pos]) : -1;
                    if (h < 0) {
                        out[o++] = 'x';
                    } else {
                        int v = h;
                        pos++;
                        int h2 = pos < end ? hex(b[pos]) : -1;
                        if (h2 >= 0) {
                            v = v * 16 + h2;
                            pos++;
                        }
                        out[o++] = (byte) v;
                    }
                }
                default -> {
                    if (c >= '0' && c <= '7') {
                        int v = c - '0';
                        for (int k = 0; k < 2 && pos < end && b[pos] >= '0' && b[pos] <= '7'; k++) {
                            v = v * 8 + (b[pos++] - '0');
                        }
                        out[o++] = (byte) v;
                    } else {
                        out[o++] = c;
                    }
                }
            }
        }
        return string(out, 0, o);
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    // ---- CSV

    private int csvFields(int start, int end) {
        final byte[] b = buf;
        final byte q = quote;
        final int e = escape < 0 ? q : escape;
        int count = 0;
        int pos = start;
        while (true) {
            int fieldStart = pos;
            boolean sawQuote = false;
            ensureField(end - start);
            byte[] out = field;
            int o = 0;
            boolean more = false;
            while (pos < end) {
                byte c = b[pos++];
                if (c == delimiter) {
                    more = true;
                    break;
                }
                if (c != q) {
                    out[o++] = c;
                    continue;
                }
                sawQuote = true;
                while (true) {
                    if (pos >= end) {
                        throw new SqlException("22P04", SqlErrors.GENERAL, "unterminated CSV quoted field (line " + line + ")");
                    }
                    c = b[pos++];
                    if (c == e && pos < end && (b[pos] == e || b[pos] == q)) {
                        out[o++] = b[pos++];
                        continue;
                    }
                    if (c == q) {
                        break;
                    }
                    out[o++] = c;
                }
            }
            int rawEnd = more ? pos - 1 : pos;
            String value = !sawQuote && isNull(fieldStart, rawEnd) ? null : string(out, 0, o);
            add(count++, value);
            if (!more) {
                return count;
            }
        }
    }

    // ---- fields

    private boolean isNull(int start, int end) {
        byte[] nul = nullBytes;
        if (end - start != nul.length) {
            return false;
        }
        for (int i = 0; i < nul.length; i++) {
            if (buf[start + i] != nul[i]) {
                return false;
            }
        }
        return true;
    }

    private void add(int index, String value) {
        if (index == fields.length) {
            fields = Arrays.copyOf(fields, fields.length * 2);
        }
        fields[index] = value;
    }

    private void ensureField(int size) {
        if (field.length < size) {
            field = new byte[Math.max(size, field.length * 2)];
        }
    }

    /** The field's bytes as text: ASCII directly, anything else through a strict UTF-8 decoder. */
    private String string(byte[] b, int off, int length) {
        boolean ascii = true;
        for (int i = off, end = off + length; i < end; i++) {
            byte c = b[i];
            if (c <= 0) {
                if (c == 0) {
                    throw badByte("0x00");
                }
                ascii = false;
            }
        }
        if (ascii) {
            return new String(b, off, length, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(b, off, length));
            return chars.toString();
        } catch (CharacterCodingException ex) {
            throw badByte(firstBadSequence(b, off, length));
        }
    }

    private SqlException badByte(String bytes) {
        return new SqlException("22021", SqlErrors.GENERAL, "invalid byte sequence for encoding \"UTF8\": " + bytes
                + " (line " + line + ")");
    }

    /** The first bytes that do not decode, as PostgreSQL shows them ({@code 0xc3 0x28}). */
    private static String firstBadSequence(byte[] b, int off, int length) {
        int i = off;
        int end = off + length;
        while (i < end) {
            int c = b[i] & 0xff;
            int need = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
            boolean ok = need >= 0 && i + need < end;
            for (int k = 1; ok && k <= need; k++) {
                ok = (b[i + k] & 0xc0) == 0x80;
            }
            if (!ok) {
                StringBuilder s = new StringBuilder();
                for (int k = i; k < Math.min(end, i + Math.max(need, 0) + 1); k++) {
                    s.append(s.length() > 0 ? " " : "").append(String.format("0x%02x", b[k] & 0xff));
                }
                return s.toString();
            }
            i += need + 1;
        }
        return String.format("0x%02x", b[off] & 0xff);
    }
}
