package io.distdb.operator.crd;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.distdb.operator.tls.CertificateLifetime;

/**
 * TLS on every port of the data nodes, with certificates the operator issues and renews. On by default; off is
 * for development only. It cannot be switched on a running cluster: nodes with and without TLS cannot talk to
 * each other, so a rolling switch would split the cluster.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TlsSpec {

    @Default("true")
    @ValidationRule(value = "self == oldSelf", message = "tls.enabled cannot be changed on a running cluster")
    @JsonPropertyDescription("TLS on every port (client HTTPS, PostgreSQL, admin with client certificates, metadata "
            + "group with mutual TLS). false runs everything in plain text, for development only. Fixed once the "
            + "cluster exists.")
    private Boolean enabled = true;

    @JsonPropertyDescription("A Secret in the cluster's namespace holding the CA that signs the certificates: keys "
            + "ca.crt and ca.key, or cert-manager's CA form tls.crt and tls.key (with ca.crt for the root of an "
            + "intermediate). Without it the operator generates a CA in the Secret <name>-ca.")
    private String issuerSecret;

    @Default(CertificateLifetime.DEFAULT)
    @Pattern(CertificateLifetime.PATTERN)
    @JsonPropertyDescription("Validity of the node and operator certificates, a Go duration of hours, minutes and "
            + "seconds such as 2160h (90 days, the default) or 720h30m; at least 1h. They are renewed with a third "
            + "of it left.")
    private String certificateLifetime = CertificateLifetime.DEFAULT;

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    /** Absent means on. */
    @JsonIgnore
    public boolean isOn() {
        return !Boolean.FALSE.equals(enabled);
    }

    public String getIssuerSecret() {
        return issuerSecret;
    }

    public void setIssuerSecret(String issuerSecret) {
        this.issuerSecret = issuerSecret;
    }

    public String getCertificateLifetime() {
        return certificateLifetime;
    }

    public void setCertificateLifetime(String certificateLifetime) {
        this.certificateLifetime = certificateLifetime;
    }
}
