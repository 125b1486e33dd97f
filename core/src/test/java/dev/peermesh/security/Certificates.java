package dev.peermesh.security;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;

import java.time.Duration;
import java.time.Instant;

/**
 * CAs and node certificates made in a test.
 */
public final class Certificates {

    private Certificates() {
    }

    /** A self-signed CA valid from yesterday to tomorrow. */
    public static X509Bundle authority(String subject) throws Exception {
        return new CertificateBuilder().subject(subject).setIsCertificateAuthority(true).ecp256()
                .notBefore(Instant.now().minus(Duration.ofDays(1))).notAfter(Instant.now().plus(Duration.ofDays(1)))
                .buildSelfSigned();
    }

    /** A node certificate with an EC P-256 key, issued by {@code issuer}, valid from yesterday to tomorrow. */
    public static X509Bundle node(X509Bundle issuer, String subject) throws Exception {
        return node(issuer, subject, Instant.now().plus(Duration.ofDays(1)));
    }

    /** A node certificate valid from two days ago until {@code notAfter}. */
    public static X509Bundle node(X509Bundle issuer, String subject, Instant notAfter) throws Exception {
        return new CertificateBuilder().subject(subject).ecp256().addExtendedKeyUsageServerAuth()
                .addExtendedKeyUsageClientAuth()
                .notBefore(Instant.now().minus(Duration.ofDays(2))).notAfter(notAfter)
                .buildIssuedBy(issuer);
    }

    /** The signing key of a node certificate. */
    public static SigningKey signingKey(X509Bundle node) {
        return SigningKey.of(node.getKeyPair().getPrivate(), node.getCertificate());
    }
}
