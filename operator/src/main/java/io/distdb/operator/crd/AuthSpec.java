package io.distdb.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/**
 * Credentials. Without an admin token reference the operator generates the admin token Secret itself. Clients
 * authenticate by default: without a client token reference the operator generates the client token in the
 * Secret {@code <name>-client}; only {@code clientAuthentication: false} lets the client API take requests
 * without a token and SQL clients of the PostgreSQL port connect without a password.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuthSpec {

    @JsonPropertyDescription("A Secret key holding the admin API bearer token; generated when absent.")
    private SecretKeyRef adminTokenSecretRef;

    @JsonPropertyDescription("A Secret key holding the bearer token clients must send to the client API (port 8080), "
            + "which is also the password of SQL clients on the PostgreSQL port (5432; any user name); the Secret is "
            + "mounted into every node. Without it, and with clientAuthentication, the operator generates the token "
            + "in the Secret <name>-client.")
    private SecretKeyRef clientTokenSecretRef;

    @Default("true")
    @JsonPropertyDescription("Whether the client ports ask for the client token. false opens them to anyone who "
            + "reaches them, for development only; it is ignored when clientTokenSecretRef is set.")
    private Boolean clientAuthentication = true;

    public Boolean getClientAuthentication() {
        return clientAuthentication;
    }

    public void setClientAuthentication(Boolean clientAuthentication) {
        this.clientAuthentication = clientAuthentication;
    }

    public SecretKeyRef getClientTokenSecretRef() {
        return clientTokenSecretRef;
    }

    public void setClientTokenSecretRef(SecretKeyRef clientTokenSecretRef) {
        this.clientTokenSecretRef = clientTokenSecretRef;
    }

    public SecretKeyRef getAdminTokenSecretRef() {
        return adminTokenSecretRef;
    }

    public void setAdminTokenSecretRef(SecretKeyRef adminTokenSecretRef) {
        this.adminTokenSecretRef = adminTokenSecretRef;
    }
}
