package io.distdb.server.tls;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/**
 * Who a verified certificate names. The cluster's CA issues two kinds: a node's ({@code O=distdb-node,
 * CN=<node id>}, server and client use) and the operator's ({@code O=distdb-operator, CN=distdb-operator}, client
 * use only). The TLS handshake has already checked that the chain ends at the CA; this only reads the subject.
 */
public final class NodeIdentity {

    public static final String NODE_ORGANIZATION = "distdb-node";
    public static final String OPERATOR_ORGANIZATION = "distdb-operator";

    private NodeIdentity() {
    }

    /** Whether the first certificate of a verified chain is a DistDB node's. */
    public static boolean isNode(Certificate[] verifiedChain) {
        return verifiedChain != null && verifiedChain.length > 0 && verifiedChain[0] instanceof X509Certificate leaf
                && NODE_ORGANIZATION.equals(organization(leaf));
    }

    /** The subject's O, or null when it has none or more than one. */
    static String organization(X509Certificate certificate) {
        try {
            String found = null;
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if ("O".equalsIgnoreCase(rdn.getType())) {
                    if (found != null) {
                        return null; // an ambiguous subject names no one
                    }
                    found = String.valueOf(rdn.getValue());
                }
            }
            return found;
        } catch (InvalidNameException e) {
            return null;
        }
    }
}
