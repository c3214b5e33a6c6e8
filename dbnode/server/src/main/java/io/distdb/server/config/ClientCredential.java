package io.distdb.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * The cluster's client credential, which every client front end checks: the HTTP API as a bearer token, the
 * PostgreSQL listener as the password.
 */
public final class ClientCredential {

    private ClientCredential() {
    }

    /** The token set directly, else the content of the token file (a mounted Secret); null when the cluster has none. */
    public static String of(NodeConfig.Client client) {
        try {
            String value = client.token().filter(t -> !t.isBlank()).orElse(null);
            if (value == null && client.tokenFile().isPresent()) {
                value = Files.readString(client.tokenFile().get()).trim();
                if (value.isEmpty()) {
                    throw new IllegalStateException("client token file " + client.tokenFile().get() + " is empty");
                }
            }
            return value == null ? null : value.trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the client token file", e);
        }
    }
}
