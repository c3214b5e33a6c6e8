package io.distdb.pgwire;

import io.distdb.pgwire.protocol.FrontendBytes;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client that speaks the protocol byte by byte over a plain socket, for tests that send what no driver would:
 * it writes whatever bytes it is given and reads the server's messages one at a time. It can log in (start-up
 * and SCRAM-SHA-256 with the password) so that hostile bytes reach the typed phase.
 */
final class RawPgClient implements AutoCloseable {

    /** One message from the server. */
    record Message(char type, byte[] body) {

        /** The fields of an ErrorResponse or NoticeResponse, by code ('S' severity, 'C' SQLSTATE, 'M' message). */
        Map<Character, String> fields() {
            Map<Character, String> out = new LinkedHashMap<>();
            int p = 0;
            while (p < body.length && body[p] != 0) {
                char code = (char) body[p++];
                int end = p;
                while (end < body.length && body[end] != 0) {
                    end++;
                }
                out.put(code, new String(body, p, end - p, StandardCharsets.UTF_8));
                p = end + 1;
            }
            return out;
        }

        boolean isError() {
            return type == 'E';
        }

        String sqlState() {
            return fields().get('C');
        }

        String severity() {
            return fields().get('V');
        }

        int int32(int at) {
            return ByteBuffer.wrap(body, at, 4).getInt();
        }

        /** The first column of a DataRow, as text. */
        String firstValue() {
            int len = int32(2);
            return len < 0 ? null : new String(body, 6, len, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            if (type == 'E' || type == 'N') {
                return type + fields().toString();
            }
            if (type == 'D') {
                return "D(" + firstValue() + ",...)";
            }
            if (type == 'C') {
                return "C(" + new String(body, 0, Math.max(0, body.length - 1), StandardCharsets.UTF_8) + ")";
            }
            if (type == 'Z') {
                return "Z(" + (char) body[0] + ")";
            }
            return String.valueOf(type);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, byte[]> SALTED = new ConcurrentHashMap<>();

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int processId;
    private int secretKey;

    private RawPgClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawPgClient open(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(20_000);
        s.setTcpNoDelay(true);
        return new RawPgClient(s);
    }

    /** Opens a connection and logs in as user "app" to database "distdb". */
    static RawPgClient login(int port, String password) throws IOException {
        RawPgClient c = open(port);
        c.send(FrontendBytes.startup(Map.of("user", "app", "database", "distdb")));
        c.authenticate(password);
        return c;
    }

    int processId() {
        return processId;
    }

    int secretKey() {
        return secretKey;
    }

    Socket socket() {
        return socket;
    }

    /** Writes the parts as one write: the server may see them in one chunk. */
    void send(byte[]... parts) throws IOException {
        out.write(FrontendBytes.concat(parts));
        out.flush();
    }

    /** The next message; EOFException when the server closed the connection. */
    Message read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("the server closed the connection");
        }
        int len = in.readInt();
        if (len < 4 || len > (64 << 20)) {
            throw new IOException("the server sent a message '" + (char) type + "' of length " + len);
        }
        byte[] body = new byte[len - 4];
        in.readFully(body);
        return new Message((char) type, body);
    }

    /** Reads up to and including ReadyForQuery. */
    List<Message> readUntilReady() throws IOException {
        List<Message> got = new ArrayList<>();
        while (true) {
            Message m = read();
            got.add(m);
            if (m.type() == 'Z') {
                return got;
            }
        }
    }

    /** Reads up to and including the first message of one of {@code types}. */
    List<Message> readUntil(String types) throws IOException {
        List<Message> got = new ArrayList<>();
        while (true) {
            Message m = read();
            got.add(m);
            if (types.indexOf(m.type()) >= 0) {
                return got;
            }
        }
    }

    /** Runs {@code sql} in the simple protocol and returns the first column of its first row. */
    String queryValue(String sql) throws IOException {
        send(io.distdb.pgwire.protocol.FrontendBytes.query(sql));
        String value = null;
        for (Message m : readUntilReady()) {
            if (m.isError()) {
                throw new AssertionError(sql + ": " + m);
            }
            if (m.type() == 'D' && value == null) {
                value = m.firstValue();
            }
        }
        return value;
    }

    /**
     * Reads every message until the server closes the connection; fails if it is still open after the socket
     * timeout. A reset counts as closed.
     */
    List<Message> readUntilClosed() throws IOException {
        List<Message> got = new ArrayList<>();
        while (true) {
            try {
                got.add(read());
            } catch (EOFException e) {
                return got;
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server did not close the connection; it sent " + got, e);
            } catch (SocketException e) {
                if (String.valueOf(e.getMessage()).contains("reset")) {
                    return got;
                }
                throw e;
            }
        }
    }

    /**
     * Answers the server's authentication request: nothing for a server without a password, SCRAM-SHA-256
     * otherwise; then reads up to ReadyForQuery, keeping the process id and key.
     */
    List<Message> authenticate(String password) throws IOException {
        Message m = read();
        if (m.isError()) {
            throw new AssertionError("login refused: " + m);
        }
        if (m.type() != 'R') {
            m = read(); // NegotiateProtocolVersion comes first when the client asked for more than 3.0
        }
        if (m.type() != 'R') {
            throw new AssertionError("expected an authentication request, got " + m);
        }
        if (m.int32(0) == 10) {
            scram(password);
        } else if (m.int32(0) != 0) {
            throw new AssertionError("unexpected authentication request " + m.int32(0));
        }
        List<Message> got = readUntilReady();
        for (Message x : got) {
            if (x.isError()) {
                throw new AssertionError("login failed: " + x);
            }
            if (x.type() == 'K') {
                processId = x.int32(0);
                secretKey = x.int32(4);
            }
        }
        return got;
    }

    private void scram(String password) throws IOException {
        byte[] nonceBytes = new byte[18];
        RANDOM.nextBytes(nonceBytes);
        String clientFirstBare = "n=,r=" + Base64.getEncoder().encodeToString(nonceBytes);
        byte[] clientFirst = ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8);
        send(FrontendBytes.password(FrontendBytes.body().cstring("SCRAM-SHA-256").int32(clientFirst.length)
                .bytes(clientFirst).toByteArray()));
        Message cont = read();
        if (cont.type() != 'R' || cont.int32(0) != 11) {
            throw new AssertionError("expected SASLContinue, got " + cont);
        }
        String serverFirst = new String(cont.body(), 4, cont.body().length - 4, StandardCharsets.UTF_8);
        Map<String, String> attrs = new LinkedHashMap<>();
        for (String part : serverFirst.split(",")) {
            attrs.put(part.substring(0, 1), part.substring(2));
        }
        byte[] salt = Base64.getDecoder().decode(attrs.get("s"));
        int iterations = Integer.parseInt(attrs.get("i"));
        byte[] salted = SALTED.computeIfAbsent(password + "/" + attrs.get("s") + "/" + iterations,
                k -> pbkdf2(password, salt, iterations));
        byte[] clientKey = hmac(salted, "Client Key");
        byte[] storedKey = sha256(clientKey);
        String withoutProof = "c=biws,r=" + attrs.get("r");
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] signature = hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        send(FrontendBytes.password((withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof))
                .getBytes(StandardCharsets.UTF_8)));
        Message fin = read();
        if (fin.isError()) {
            throw new AssertionError("login failed: " + fin);
        }
        if (fin.type() != 'R' || fin.int32(0) != 12) {
            throw new AssertionError("expected SASLFinal, got " + fin);
        }
        Message ok = read();
        if (ok.type() != 'R' || ok.int32(0) != 0) {
            throw new AssertionError("expected AuthenticationOk, got " + ok);
        }
    }

    /** Sends a CancelRequest for this connection's running statement, on a connection of its own. */
    void cancel(int port) throws IOException {
        cancel(port, processId, secretKey);
    }

    static void cancel(int port, int processId, int secretKey) throws IOException {
        try (RawPgClient c = open(port)) {
            c.send(FrontendBytes.cancelRequest(processId, secretKey));
            c.readUntilClosed(); // the server answers nothing and closes
        }
    }

    /** Closes at once, with a reset rather than an orderly shutdown. */
    void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
