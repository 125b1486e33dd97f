package dev.peermesh.security;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.jspecify.annotations.Nullable;

/**
 * The {@link TrustPolicy} implementations.
 */
final class TrustPolicies {

    static final TrustPolicy NONE = new TrustPolicy() {
        @Override
        public boolean verifiesMessages() {
            return false;
        }

        @Override
        public @Nullable String distrust(PublicKey key, @Nullable X509Certificate certificate) {
            return null;
        }

        @Override
        public String toString() {
            return "TrustPolicy.none()";
        }
    };

    private TrustPolicies() {
    }

    static List<X509Certificate> acceptedIssuers(TrustManagerFactory factory) {
        List<X509Certificate> issuers = new ArrayList<>();
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                issuers.addAll(List.of(x509.getAcceptedIssuers()));
            }
        }
        return issuers;
    }

    /** A configured set of keys, compared by their encoding. */
    static final class KeySet implements TrustPolicy {

        private final Set<String> keys = new HashSet<>();

        KeySet(Collection<? extends PublicKey> keys) {
            for (PublicKey key : keys) {
                this.keys.add(Base64.getEncoder().encodeToString(key.getEncoded()));
            }
            if (this.keys.isEmpty()) {
                throw new IllegalArgumentException("The keys trust policy needs at least one public key");
            }
        }

        @Override
        public @Nullable String distrust(PublicKey key, @Nullable X509Certificate certificate) {
            return keys.contains(Base64.getEncoder().encodeToString(key.getEncoded())) ? null
                    : "its " + key.getAlgorithm() + " key is not one of the " + keys.size() + " trusted keys";
        }

        @Override
        public String toString() {
            return "TrustPolicy.keys(" + keys.size() + " keys)";
        }
    }

    /** Certificates issued by one of a set of CAs, checked with PKIX (no revocation: peers may have no network). */
    static final class Authorities implements TrustPolicy {

        private final Set<TrustAnchor> anchors = new HashSet<>();

        Authorities(Collection<X509Certificate> authorities) {
            for (X509Certificate authority : authorities) {
                anchors.add(new TrustAnchor(authority, null));
            }
            if (anchors.isEmpty()) {
                throw new IllegalArgumentException("The ca trust policy needs at least one CA certificate");
            }
        }

        @Override
        public @Nullable String distrust(PublicKey key, @Nullable X509Certificate certificate) {
            if (certificate == null) {
                return "it sent a bare key, and this node trusts only keys in certificates of its CA";
            }
            boolean[] usage = certificate.getKeyUsage();
            if (usage != null && !usage[0]) {
                return "the certificate of " + certificate.getSubjectX500Principal()
                        + " does not allow digital signatures";
            }
            try {
                PKIXParameters parameters = new PKIXParameters(anchors);
                parameters.setRevocationEnabled(false);
                CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                        .generateCertPath(List.of(certificate)), parameters);
                return null;
            }
            catch (GeneralSecurityException ex) {
                return "the certificate of " + certificate.getSubjectX500Principal()
                        + " is not valid for this mesh's CA: " + ex.getMessage();
            }
        }

        @Override
        public String toString() {
            return "TrustPolicy.ca(" + anchors.size() + " CAs)";
        }
    }
}
