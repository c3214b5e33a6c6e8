package io.distdb.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Credentials. Without an admin token reference the operator generates the admin token Secret itself; without a
 * client token reference the client API takes requests without a token, and SQL clients of the PostgreSQL port
 * connect without a password.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuthSpec {

    @JsonPropertyDescription("A Secret key holding the admin API bearer token; generated when absent.")
    private SecretKeyRef adminTokenSecretRef;

    @JsonPropertyDescription("A Secret key holding the bearer token clients must send to the client API (port 8080), "
            + "which is also the password of SQL clients on the PostgreSQL port (5432; any user name); the Secret is "
            + "mounted into every node. Without it neither port asks for a credential.")
    private SecretKeyRef clientTokenSecretRef;

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
