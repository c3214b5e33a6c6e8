package io.distdb.server.config;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A bearer token the node requires: set directly, else read from a file (a mounted Secret), else generated
 * into a file of the data directory (owner-only) and read from there on every later start, so a port that
 * needs a token is never open without one.
 */
public final class SecretToken {

    private static final Logger LOG = Logger.getLogger(SecretToken.class);

    private final byte[] token;

    private SecretToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param what      what the token is for, for messages ("admin token")
     * @param value     the token set directly
     * @param file      a file holding it
     * @param generated where a token is generated when neither is set
     */
    public static SecretToken resolve(String what, Optional<String> value, Optional<Path> file, Path generated) {
        if (value.isPresent() && !value.get().isBlank()) {
            return new SecretToken(value.get().trim());
        }
        try {
            if (file.isPresent()) {
                String fromFile = Files.readString(file.get()).trim();
                if (fromFile.isEmpty()) {
                    throw new IllegalStateException(what + " file " + file.get() + " is empty");
                }
                return new SecretToken(fromFile);
            }
            if (Files.exists(generated)) {
                return new SecretToken(Files.readString(generated).trim());
            }
            return new SecretToken(generate(what, generated));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the " + what, e);
        }
    }

    /** A token set directly or in a file; empty when neither is set (nothing is generated). */
    public static Optional<SecretToken> configured(String what, Optional<String> value, Optional<Path> file) {
        boolean set = value.isPresent() && !value.get().isBlank();
        return set || file.isPresent() ? Optional.of(resolve(what, value, file, null)) : Optional.empty();
    }

    private static String generate(String what, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String value = HexFormat.of().formatHex(random);
        Files.writeString(file, value + "\n");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // the data directory's own permissions protect it
        }
        LOG.infof("no %s configured; generated one in %s", what, file.toAbsolutePath());
        return value;
    }

    /** The token itself, for a node that presents it. */
    public String value() {
        return new String(token, StandardCharsets.UTF_8);
    }

    /** Whether {@code presented} is the token, compared in constant time. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }
}
