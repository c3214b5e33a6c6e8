package io.distdb.server.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The node's TLS files: its certificate chain, its private key and the CA bundle it trusts, all PEM. The three
 * come together or not at all: a node given only some of them refuses to start rather than run half in plain text.
 */
public record TlsSettings(Path certFile, Path keyFile, Path caFile) {

    public static final String CERT_VARIABLE = "DISTDB_TLS_CERT_FILE";
    public static final String KEY_VARIABLE = "DISTDB_TLS_KEY_FILE";
    public static final String CA_VARIABLE = "DISTDB_TLS_CA_FILE";

    /** The node's settings, or empty when TLS is off. */
    public static Optional<TlsSettings> of(NodeConfig.Tls tls) {
        return of(tls.certFile(), tls.keyFile(), tls.caFile());
    }

    /**
     * @throws IllegalStateException when only some of the three are set, naming the missing ones, or when a file
     *                               cannot be read
     */
    public static Optional<TlsSettings> of(Optional<Path> cert, Optional<Path> key, Optional<Path> ca) {
        if (cert.isEmpty() && key.isEmpty() && ca.isEmpty()) {
            return Optional.empty();
        }
        List<String> missing = new ArrayList<>();
        cert.ifPresentOrElse(f -> { }, () -> missing.add(CERT_VARIABLE));
        key.ifPresentOrElse(f -> { }, () -> missing.add(KEY_VARIABLE));
        ca.ifPresentOrElse(f -> { }, () -> missing.add(CA_VARIABLE));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("TLS needs " + CERT_VARIABLE + ", " + KEY_VARIABLE + " and " + CA_VARIABLE
                    + " together (or none of them for plain text); missing: " + String.join(", ", missing));
        }
        readable(CERT_VARIABLE, cert.get());
        readable(KEY_VARIABLE, key.get());
        readable(CA_VARIABLE, ca.get());
        return Optional.of(new TlsSettings(cert.get(), key.get(), ca.get()));
    }

    private static void readable(String variable, Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalStateException(variable + " names " + file.toAbsolutePath() + ", which cannot be read");
        }
    }
}
