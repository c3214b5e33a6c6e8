package io.distdb.server.admin;

import io.distdb.server.config.NodeConfig;
import jakarta.inject.Singleton;
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
 * The bearer token the admin API requires. Taken from {@code DISTDB_ADMIN_TOKEN}, else from the file
 * {@code DISTDB_ADMIN_TOKEN_FILE} (a mounted Secret); a node given neither generates one into
 * {@code <data dir>/admin-token} (owner-only), so the admin port is never open without a token.
 */
@Singleton
public class AdminToken {

    private static final Logger LOG = Logger.getLogger(AdminToken.class);

    private final byte[] token;

    public AdminToken(NodeConfig config) {
        this.token = resolve(config.dataDir(), config.admin().token(), config.admin().tokenFile())
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The token itself, which this node presents when it calls its peers' admin ports. */
    public String value() {
        return new String(token, StandardCharsets.UTF_8);
    }

    /** Whether {@code presented} is the token, compared in constant time. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static String resolve(Path dataDir, Optional<String> token, Optional<Path> tokenFile) {
        if (token.isPresent() && !token.get().isBlank()) {
            return token.get().trim();
        }
        try {
            if (tokenFile.isPresent()) {
                String fromFile = Files.readString(tokenFile.get()).trim();
                if (fromFile.isEmpty()) {
                    throw new IllegalStateException("admin token file " + tokenFile.get() + " is empty");
                }
                return fromFile;
            }
            Path generated = dataDir.resolve("admin-token");
            if (Files.exists(generated)) {
                return Files.readString(generated).trim();
            }
            Files.createDirectories(dataDir);
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String value = HexFormat.of().formatHex(random);
            Files.writeString(generated, value + "\n");
            try {
                Files.setPosixFilePermissions(generated, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the data directory's own permissions protect it
            }
            LOG.infof("no admin token configured; generated one in %s", generated.toAbsolutePath());
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the admin token", e);
        }
    }
}
