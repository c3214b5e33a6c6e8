package io.distdb.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The certificates the operator issued for the cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TlsStatus {

    @JsonPropertyDescription("The earliest expiry of the node and operator certificates (RFC 3339); they are renewed "
            + "with a third of their lifetime left.")
    private String notAfter;

    @JsonPropertyDescription("Expiry of the CA that signs them.")
    private String caNotAfter;

    @JsonPropertyDescription("A hash of the node certificates the pods are meant to run with; it is also the pod "
            + "template annotation distdb.io/tls-certificates.")
    private String certificates;

    public TlsStatus() {
    }

    public TlsStatus(String notAfter, String caNotAfter, String certificates) {
        this.notAfter = notAfter;
        this.caNotAfter = caNotAfter;
        this.certificates = certificates;
    }

    public String getNotAfter() {
        return notAfter;
    }

    public void setNotAfter(String notAfter) {
        this.notAfter = notAfter;
    }

    public String getCaNotAfter() {
        return caNotAfter;
    }

    public void setCaNotAfter(String caNotAfter) {
        this.caNotAfter = caNotAfter;
    }

    public String getCertificates() {
        return certificates;
    }

    public void setCertificates(String certificates) {
        this.certificates = certificates;
    }
}
