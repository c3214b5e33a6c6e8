package io.distdb.pgwire.auth;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The server's side of SCRAM-SHA-256 (RFC 5802 and 7677) as PostgreSQL clients speak it: no channel binding,
 * the user name in the exchange ignored (the startup message carries it). The password is never sent; the
 * client proves it knows it, and the server proves it knows it too.
 *
 * <p>The verifier (salt, stored key, server key) is computed once from the password, as PostgreSQL stores it,
 * so that a burst of connections does not each pay for the key derivation.
 */
public final class ScramSha256 {

    public static final String MECHANISM = "SCRAM-SHA-256";
    static final int ITERATIONS = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] salt;
    private final byte[] storedKey;
    private final byte[] serverKey;

    public ScramSha256(String password) {
        this.salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] salted = pbkdf2(password, salt, ITERATIONS);
        this.storedKey = sha256(hmac(salted, "Client Key"));
        this.serverKey = hmac(salted, "Server Key");
    }

    /** Raised when the client's messages are malformed or its proof is wrong. */
    public static final class Failure extends Exception {
        private final boolean wrongPassword;

        Failure(String message, boolean wrongPassword) {
            super(message, null, false, false);
            this.wrongPassword = wrongPassword;
        }

        public boolean wrongPassword() {
            return wrongPassword;
        }
    }

    /** One authentication exchange; call {@link #first} then {@link #last}. */
    public Exchange begin() {
        return new Exchange();
    }

    public final class Exchange {
        private String clientFirstBare;
        private String serverFirst;
        private String nonce;
        private String gs2Header;

        /** Reads the client-first message, returns the server-first message. */
        public byte[] first(byte[] clientFirst) throws Failure {
            String m = new String(clientFirst, StandardCharsets.UTF_8);
            // gs2-header: "n,," (client does not support channel binding) or "y,," (it does, we do not offer it).
            if (!(m.startsWith("n,") || m.startsWith("y,"))) {
                throw new Failure("channel binding is not supported: use a client setting without it (channel_binding=disable)", false);
            }
            int second = m.indexOf(',', 2);
            if (second < 0 || second != 2) {
                throw new Failure("malformed SCRAM message (authorization identity is not supported)", false);
            }
            gs2Header = m.substring(0, 3);
            clientFirstBare = m.substring(3);
            String clientNonce = attribute(clientFirstBare, 'r');
            if (clientNonce == null || clientNonce.isEmpty()) {
                throw new Failure("malformed SCRAM message (no nonce)", false);
            }
            byte[] serverNonce = new byte[18];
            RANDOM.nextBytes(serverNonce);
            nonce = clientNonce + Base64.getEncoder().encodeToString(serverNonce);
            serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + ITERATIONS;
            return serverFirst.getBytes(StandardCharsets.UTF_8);
        }

        /** Checks the client-final message's proof, returns the server-final message. */
        public byte[] last(byte[] clientFinal) throws Failure {
            if (serverFirst == null) {
                throw new Failure("SCRAM messages out of order", false);
            }
            String m = new String(clientFinal, StandardCharsets.UTF_8);
            int proofAt = m.lastIndexOf(",p=");
            if (proofAt < 0) {
                throw new Failure("malformed SCRAM message (no proof)", false);
            }
            String withoutProof = m.substring(0, proofAt);
            String binding = attribute(withoutProof, 'c');
            String expectedBinding = Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8));
            if (!expectedBinding.equals(binding)) {
                throw new Failure("SCRAM channel binding check failed", false);
            }
            if (!nonce.equals(attribute(withoutProof, 'r'))) {
                throw new Failure("SCRAM nonce does not match", false);
            }
            byte[] proof;
            try {
                proof = Base64.getDecoder().decode(m.substring(proofAt + 3));
            } catch (IllegalArgumentException e) {
                throw new Failure("malformed SCRAM message (proof is not base64)", false);
            }
            String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
            byte[] clientSignature = hmac(storedKey, authMessage);
            if (proof.length != clientSignature.length) {
                throw new Failure("malformed SCRAM message (proof length)", false);
            }
            byte[] clientKey = new byte[proof.length];
            for (int i = 0; i < proof.length; i++) {
                clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
            }
            if (!MessageDigest.isEqual(sha256(clientKey), storedKey)) {
                throw new Failure("password authentication failed", true);
            }
            byte[] serverSignature = hmac(serverKey, authMessage);
            return ("v=" + Base64.getEncoder().encodeToString(serverSignature)).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The value of {@code name=} in a comma-separated SCRAM message, or null. */
    private static String attribute(String message, char name) {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        return null;
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            return f.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
