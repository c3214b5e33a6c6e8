package io.distdb.operator.model;

import io.fabric8.kubernetes.api.model.Secret;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Text values of a Secret. Written as {@code data} (base64), not {@code stringData}: the operator compares what
 * it wants with what is stored to skip unchanged writes, and only {@code data} comes back from the API server.
 */
public final class SecretData {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretData() {
    }

    public static Map<String, String> encode(Map<String, String> text) {
        Map<String, String> data = new LinkedHashMap<>();
        text.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return data;
    }

    /** The value of {@code key}, from data or (on a test server that keeps what was written) stringData. */
    public static Optional<String> read(Secret secret, String key) {
        if (secret == null) {
            return Optional.empty();
        }
        if (secret.getData() != null && secret.getData().get(key) != null) {
            return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
        }
        if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
            return Optional.of(secret.getStringData().get(key));
        }
        return Optional.empty();
    }

    /** Every key of the Secret as text. */
    public static Map<String, String> readAll(Secret secret) {
        Map<String, String> all = new LinkedHashMap<>();
        if (secret != null && secret.getStringData() != null) {
            all.putAll(secret.getStringData());
        }
        if (secret != null && secret.getData() != null) {
            secret.getData().forEach((k, v) -> all.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        return all;
    }

    /** 32 random bytes as 64 hex digits: a token that is safe in a header, a file and a PostgreSQL password. */
    public static String randomHexToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
