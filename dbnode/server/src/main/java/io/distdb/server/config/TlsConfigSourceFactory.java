package io.distdb.server.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the node's three TLS settings into Quarkus's own, so that one switch covers both HTTP servers: the client
 * port serves HTTPS only, with the node's certificate; the admin port serves HTTPS and, because
 * {@code quarkus.management.ssl.client-auth=required} (a build-time setting, inert without TLS), takes only clients
 * whose certificate the cluster's CA issued. Without the settings it adds nothing and both ports stay plain HTTP.
 *
 * <p>The port numbers need no help: {@code quarkus.http.ssl-port} follows {@code DISTDB_HTTP_PORT} in
 * application.properties, and the management interface has one port whichever protocol it speaks.
 * Registered in {@code META-INF/services}, so it runs before any server starts, and a node given only some of
 * the settings fails there, before it listens anywhere.
 */
public class TlsConfigSourceFactory implements ConfigSourceFactory {

    /** Above application.properties (250), below environment variables (300), which may still override. */
    private static final int ORDINAL = 275;
    private static final String CLIENT_PORT_TLS = "distdb-client";
    private static final String ADMIN_PORT_TLS = "distdb-admin";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Optional<TlsSettings> tls = TlsSettings.of(path(context, "distdb.tls.cert-file"),
                path(context, "distdb.tls.key-file"), path(context, "distdb.tls.ca-file"));
        if (tls.isEmpty()) {
            return List.of();
        }
        String cert = tls.get().certFile().toString();
        String key = tls.get().keyFile().toString();
        String ca = tls.get().caFile().toString();
        Map<String, String> quarkus = Map.of(
                "quarkus.tls." + CLIENT_PORT_TLS + ".key-store.pem.node.cert", cert,
                "quarkus.tls." + CLIENT_PORT_TLS + ".key-store.pem.node.key", key,
                "quarkus.tls." + ADMIN_PORT_TLS + ".key-store.pem.node.cert", cert,
                "quarkus.tls." + ADMIN_PORT_TLS + ".key-store.pem.node.key", key,
                "quarkus.tls." + ADMIN_PORT_TLS + ".trust-store.pem.certs", ca,
                "quarkus.http.tls-configuration-name", CLIENT_PORT_TLS,
                // No plain listener at all: the client port speaks HTTPS only.
                "quarkus.http.insecure-requests", "disabled",
                "quarkus.management.tls-configuration-name", ADMIN_PORT_TLS);
        return List.of(new PropertiesConfigSource(quarkus, "DistDB TLS settings", ORDINAL));
    }

    private static Optional<Path> path(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank()
                ? Optional.empty() : Optional.of(Path.of(value.getValue().trim()));
    }
}
