package io.distdb.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Credentials. Without an admin token reference the operator generates the admin token Secret itself; without a
 * client token reference the client API takes requests without a token.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuthSpec {

    @JsonPropertyDescription("A Secret key holding the admin API bearer token; generated when absent.")
    private SecretKeyRef adminTokenSecretRef;

    @JsonPropertyDescription("A Secret key holding the bearer token clients must send to the client API (port 8080); "
            + "the Secret is mounted into every node. Without it the client API needs no token.")
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
