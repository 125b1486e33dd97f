package dev.peermesh.security;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * CAs, node and server certificates made in a test, with no key tool or files. Other modules' tests use it through
 * core's test-jar ({@code <type>test-jar</type>}).
 *
 * <p>{@code X509Bundle ca = Certificates.authority("CN=mesh CA"); X509Bundle node = Certificates.node(ca, "CN=a");}
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

    /**
     * A server certificate for {@code host} (its subject's CN and a DNS name) and {@code ipAddress}, so that an
     * HTTPS client checking the host name accepts it, issued by {@code issuer}, valid from yesterday to tomorrow.
     */
    public static X509Bundle server(X509Bundle issuer, String host, String ipAddress) throws Exception {
        return new CertificateBuilder().subject("CN=" + host).ecp256().addSanDnsName(host).addSanIpAddress(ipAddress)
                .addExtendedKeyUsageServerAuth()
                .notBefore(Instant.now().minus(Duration.ofDays(1))).notAfter(Instant.now().plus(Duration.ofDays(1)))
                .buildIssuedBy(issuer);
    }

    /** {@code der} (a key's encoding) as PEM text of {@code type}, e.g. {@code "PUBLIC KEY"}. */
    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The signing key of a node certificate. */
    public static SigningKey signingKey(X509Bundle node) {
        return SigningKey.of(node.getKeyPair().getPrivate(), node.getCertificate());
    }
}
