package dev.peermesh.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The key a node signs the messages it publishes with: a private key and what others verify its signatures with,
 * either the bare public key or the certificate holding it (from the node's SSL bundle). Ed25519, EC (signed with
 * SHA256withECDSA) and RSA (SHA256withRSA) keys are supported.
 *
 * <p>{@code MeshNode.builder(settings).signingKey(SigningKey.of(privateKey, certificate))
 *         .trust(TrustPolicy.ca(anchors))}
 */
public final class SigningKey {

    private final PrivateKey privateKey;

    private final PublicKey publicKey;

    private final @Nullable X509Certificate certificate;

    private final String algorithm;

    private SigningKey(PrivateKey privateKey, PublicKey publicKey, @Nullable X509Certificate certificate) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
        this.certificate = certificate;
        this.algorithm = signatureAlgorithm(publicKey);
        if (algorithm == null) {
            throw new IllegalArgumentException("Keys of algorithm " + publicKey.getAlgorithm()
                    + " cannot sign messages; use an Ed25519, EC or RSA key");
        }
        requirePair();
    }

    /** A fresh Ed25519 key pair: for tests, and for nodes whose peers trust any origin. */
    public static SigningKey generateEd25519() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new SigningKey(pair.getPrivate(), pair.getPublic(), null);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("This JVM has no Ed25519 (Java 15 or later has)", ex);
        }
    }

    /**
     * A key pair whose public key peers know (the {@code keys} trust policy).
     *
     * @throws IllegalArgumentException when the algorithm is not supported or the keys do not belong together
     */
    public static SigningKey of(PrivateKey privateKey, PublicKey publicKey) {
        return new SigningKey(privateKey, publicKey, null);
    }

    /**
     * A private key and its certificate, which peers check against the mesh's CA (the {@code ca} trust policy).
     *
     * @throws IllegalArgumentException when the algorithm is not supported or the key is not the certificate's
     */
    public static SigningKey of(PrivateKey privateKey, X509Certificate certificate) {
        return new SigningKey(privateKey, Objects.requireNonNull(certificate, "certificate").getPublicKey(),
                certificate);
    }

    /** The key that verifies this key's signatures. */
    public PublicKey publicKey() {
        return publicKey;
    }

    /** The certificate holding the public key, or {@code null} for a bare key. */
    public @Nullable X509Certificate certificate() {
        return certificate;
    }

    /** The JCA signature algorithm this key signs with, for example {@code EdDSA} or {@code SHA256withECDSA}. */
    public String algorithm() {
        return algorithm;
    }

    /** The longest signature this key makes, in bytes. */
    public int maxSignatureLength() {
        return maxSignatureLength(publicKey);
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    /** The JCA signature algorithm for a public key, or {@code null} when it is not supported. */
    static @Nullable String signatureAlgorithm(PublicKey key) {
        if (key instanceof EdECKey) {
            return "EdDSA";
        }
        if (key instanceof ECKey) {
            return "SHA256withECDSA";
        }
        if (key instanceof RSAKey) {
            return "SHA256withRSA";
        }
        return null;
    }

    private static int maxSignatureLength(PublicKey key) {
        if (key instanceof EdECKey ed) {
            return "Ed448".equalsIgnoreCase(ed.getParams().getName()) ? 114 : 64;
        }
        if (key instanceof ECKey ec) {
            int scalar = (ec.getParams().getOrder().bitLength() + 7) / 8;
            return 2 * scalar + 9; // DER: a sequence of two integers, each perhaps with a leading zero byte
        }
        return (((RSAKey) key).getModulus().bitLength() + 7) / 8;
    }

    private void requirePair() {
        byte[] probe = "peermesh/v1 key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = SignatureEngines.forAlgorithm(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = SignatureEngines.forAlgorithm(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException("The private key does not belong to the "
                        + (certificate != null ? "certificate of " + certificate.getSubjectX500Principal()
                                : "public key")
                        + "; give the key pair that belongs together");
            }
            if (maxSignatureLength(publicKey) > dev.peermesh.wire.Frame.MAX_SIGNATURE_LENGTH) {
                throw new IllegalArgumentException("A " + publicKey.getAlgorithm() + " key of this size makes "
                        + "signatures longer than " + dev.peermesh.wire.Frame.MAX_SIGNATURE_LENGTH
                        + " bytes; use Ed25519, EC or RSA of at most 8192 bits");
            }
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalArgumentException("The " + publicKey.getAlgorithm() + " key cannot sign: "
                    + ex.getMessage(), ex);
        }
    }
}
