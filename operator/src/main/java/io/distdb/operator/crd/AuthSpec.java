package io.distdb.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Credentials. Without a reference the operator generates the admin token Secret itself. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuthSpec {

    @JsonPropertyDescription("A Secret key holding the admin API bearer token; generated when absent.")
    private SecretKeyRef adminTokenSecretRef;

    public SecretKeyRef getAdminTokenSecretRef() {
        return adminTokenSecretRef;
    }

    public void setAdminTokenSecretRef(SecretKeyRef adminTokenSecretRef) {
        this.adminTokenSecretRef = adminTokenSecretRef;
    }
}
