package io.distdb.server.api;

import io.distdb.server.config.NodeConfig;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Client authentication, when a client token is configured ({@code DISTDB_CLIENT_TOKEN} or
 * {@code DISTDB_CLIENT_TOKEN_FILE}, which the operator fills from the cluster's client-auth Secret): every
 * client request needs {@code Authorization: Bearer <token>}, except health and the API description.
 */
@Singleton
public class ClientAuthFilter {

    private static final String BEARER = "Bearer ";

    /** The filter is built with the REST layer, before configuration mappings exist; read the token on first use. */
    private final Provider<NodeConfig> config;
    private volatile Optional<byte[]> token;

    public ClientAuthFilter(Provider<NodeConfig> config) {
        this.config = config;
    }

    private byte[] token() {
        Optional<byte[]> resolved = token;
        if (resolved == null) {
            resolved = Optional.ofNullable(resolve(config.get().client()));
            token = resolved;
        }
        return resolved.orElse(null);
    }

    private static byte[] resolve(NodeConfig.Client client) {
        String value = io.distdb.server.config.ClientCredential.of(client);
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    @ServerRequestFilter(priority = 10)
    public Response authenticate(ContainerRequestContext request) {
        byte[] token = token();
        if (token == null || request.getUriInfo().getPath().startsWith("/q/")) {
            return null;
        }
        String header = request.getHeaderString("Authorization");
        if (header == null || !header.startsWith(BEARER)) {
            return refuse(401, "unauthorized", "this cluster requires 'Authorization: Bearer <client token>'");
        }
        byte[] presented = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(token, presented)) {
            return refuse(403, "forbidden", "the client token is not valid for this cluster");
        }
        return null;
    }

    private static Response refuse(int status, String error, String message) {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(error, message));
        if (status == 401) {
            response.header("WWW-Authenticate", "Bearer realm=\"distdb\"");
        }
        return response.build();
    }
}
