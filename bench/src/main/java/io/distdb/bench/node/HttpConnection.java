package io.distdb.bench.node;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One plain HTTP/1.1 keep-alive connection, for one client thread: writes a request, reads the status and the
 * body into a buffer it reuses, all on the calling thread. It exists because the client shares the machine's
 * cores with the node it measures: {@code java.net.http} hands every exchange to a selector thread and back and
 * costs about three times the client CPU per request (bench/README.md, YCSB), which would be taken from the node.
 *
 * <p>It understands what the node sends: a status line, headers, and a body framed by {@code Content-Length} or
 * chunked; {@code Connection: close} (or any I/O error) closes the socket, and the next request opens a new one.
 * Not thread-safe.
 */
public final class HttpConnection implements Closeable {

    private final String host;
    private final int port;
    private final byte[] hostHeader;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private final byte[] readBuffer = new byte[16 * 1024];
    private int readPos;
    private int readLimit;
    private byte[] requestBuffer = new byte[1024];
    private byte[] body = new byte[4096];
    private int bodyLength;
    private int status;
    /** Connections opened so far (1 for a connection that was kept alive throughout). */
    private int connects;

    public HttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
        this.hostHeader = ("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Sends {@code method pathAndQuery} with {@code jsonBody} (null: none) and reads the whole answer; returns its
     * status. The body is in {@link #body()} until the next request. {@code pathAndQuery} must be ASCII, already
     * escaped.
     */
    public int send(String method, String pathAndQuery, byte[] jsonBody) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            writeRequest(method, pathAndQuery, jsonBody);
            return readResponse();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Sends {@code request} exactly as given (request line, headers, blank line and whatever body, possibly none or
     * less than it declares) and reads the answer; returns its status. For requests no well-behaved client sends.
     */
    public int sendRaw(byte[] request) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            out.write(request);
            out.flush();
            return readResponse();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    public int status() {
        return status;
    }

    public byte[] body() {
        return body;
    }

    public int bodyLength() {
        return bodyLength;
    }

    public String bodyText() {
        return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
    }

    /** Whether the body is exactly {@code expected}. */
    public boolean bodyEquals(byte[] expected) {
        return Arrays.equals(body, 0, bodyLength, expected, 0, expected.length);
    }

    /** Whether the body ends with {@code suffix}. */
    public boolean bodyEndsWith(byte[] suffix) {
        return bodyLength >= suffix.length
                && Arrays.equals(body, bodyLength - suffix.length, bodyLength, suffix, 0, suffix.length);
    }

    public int connects() {
        return connects;
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), 5_000);
        s.setSoTimeout(60_000);
        socket = s;
        out = s.getOutputStream();
        in = s.getInputStream();
        readPos = 0;
        readLimit = 0;
        connects++;
    }

    private void writeRequest(String method, String pathAndQuery, byte[] jsonBody) throws IOException {
        int at = 0;
        at = ascii(method, at);
        at = put((byte) ' ', at);
        at = ascii(pathAndQuery, at);
        at = ascii(" HTTP/1.1\r\n", at);
        at = put(hostHeader, at);
        if (jsonBody != null) {
            at = ascii("Content-Type: application/json\r\nContent-Length: ", at);
            at = ascii(Integer.toString(jsonBody.length), at);
            at = ascii("\r\n", at);
        }
        at = ascii("\r\n", at);
        if (jsonBody != null) {
            at = put(jsonBody, at);
        }
        out.write(requestBuffer, 0, at);
        out.flush();
    }

    private int ascii(String s, int at) {
        ensure(at + s.length());
        for (int i = 0; i < s.length(); i++) {
            requestBuffer[at + i] = (byte) s.charAt(i);
        }
        return at + s.length();
    }

    private int put(byte b, int at) {
        ensure(at + 1);
        requestBuffer[at] = b;
        return at + 1;
    }

    private int put(byte[] bytes, int at) {
        ensure(at + bytes.length);
        System.arraycopy(bytes, 0, requestBuffer, at, bytes.length);
        return at + bytes.length;
    }

    private void ensure(int size) {
        if (size > requestBuffer.length) {
            requestBuffer = Arrays.copyOf(requestBuffer, Math.max(size, requestBuffer.length * 2));
        }
    }

    private int readResponse() throws IOException {
        while (true) {
            String statusLine = readLine();
            if (!statusLine.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer: " + statusLine);
            }
            int firstSpace = statusLine.indexOf(' ');
            status = Integer.parseInt(statusLine.substring(firstSpace + 1, firstSpace + 4));
            long contentLength = -1;
            boolean chunked = false;
            boolean close = statusLine.startsWith("HTTP/1.0");
            for (String header = readLine(); !header.isEmpty(); header = readLine()) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("content-length")) {
                    contentLength = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("transfer-encoding")) {
                    chunked = value.toLowerCase().contains("chunked");
                } else if (name.equalsIgnoreCase("connection")) {
                    close = value.equalsIgnoreCase("close");
                }
            }
            if (status / 100 == 1) {
                continue; // 100 Continue and the like: the real answer follows
            }
            bodyLength = 0;
            if (chunked) {
                while (true) {
                    String sizeLine = readLine();
                    int semicolon = sizeLine.indexOf(';');
                    int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                    if (size == 0) {
                        while (!readLine().isEmpty()) {
                            // trailers
                        }
                        break;
                    }
                    readBody(size);
                    readLine();
                }
            } else if (contentLength >= 0) {
                readBody((int) contentLength);
            } else if (status != 204 && status != 304) {
                throw new IOException("an answer without Content-Length or chunked framing (status " + status + ")");
            }
            if (close) {
                close();
            }
            return status;
        }
    }

    private void readBody(int size) throws IOException {
        if (bodyLength + size > body.length) {
            body = Arrays.copyOf(body, Math.max(bodyLength + size, body.length * 2));
        }
        int remaining = size;
        while (remaining > 0) {
            if (readPos == readLimit) {
                fill();
            }
            int n = Math.min(remaining, readLimit - readPos);
            System.arraycopy(readBuffer, readPos, body, bodyLength, n);
            readPos += n;
            bodyLength += n;
            remaining -= n;
        }
    }

    /** One line without its CRLF, as Latin-1 (status line, headers, chunk sizes are ASCII). */
    private String readLine() throws IOException {
        StringBuilder line = null;
        while (true) {
            if (readPos == readLimit) {
                fill();
            }
            for (int i = readPos; i < readLimit; i++) {
                if (readBuffer[i] == '\n') {
                    int end = i > readPos && readBuffer[i - 1] == '\r' ? i - 1 : i;
                    String part = new String(readBuffer, readPos, end - readPos, StandardCharsets.ISO_8859_1);
                    readPos = i + 1;
                    if (line == null) {
                        return part;
                    }
                    line.append(part);
                    int len = line.length();
                    if (len > 0 && line.charAt(len - 1) == '\r') {
                        line.setLength(len - 1);
                    }
                    return line.toString();
                }
            }
            if (line == null) {
                line = new StringBuilder();
            }
            line.append(new String(readBuffer, readPos, readLimit - readPos, StandardCharsets.ISO_8859_1));
            readPos = readLimit;
            if (line.length() > 64 * 1024) {
                throw new IOException("header line longer than 64 KB");
            }
        }
    }

    private void fill() throws IOException {
        int n = in.read(readBuffer, 0, readBuffer.length);
        if (n < 0) {
            throw new EOFException("the server closed the connection");
        }
        readPos = 0;
        readLimit = n;
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        out = null;
        in = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing to do about it
            }
        }
    }
}
