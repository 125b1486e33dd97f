package dev.peermesh.security;

import dev.peermesh.FrameLimits;
import dev.peermesh.wire.Frame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A signing node's identity: its {@link SigningKey}, a random salt, and the node id derived from both, so that no
 * other key can sign as this node. The id is the first 8 bytes of SHA-256("peermesh/v1 origin" || salt || public
 * key); the salt lets nodes that share a key (replicas with one certificate) have different ids.
 *
 * <p>{@code OriginIdentity identity = OriginIdentity.create(key, new SecureRandom()); long id = identity.nodeId();}
 *
 * <p>Thread-safe: {@link #sign} may be called from any thread.
 */
public final class OriginIdentity {

    private static final byte[] LABEL = "peermesh/v1 origin".getBytes(StandardCharsets.US_ASCII);

    private final SigningKey key;

    private final long nodeId;

    private final Frame.OriginKey credential;

    private final Signature signer;

    private OriginIdentity(SigningKey key, byte[] salt, long nodeId) {
        this.key = key;
        this.nodeId = nodeId;
        this.credential = credential(key, salt, nodeId);
        try {
            this.signer = SignatureEngines.forAlgorithm(key.algorithm());
            signer.initSign(key.privateKey());
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalArgumentException("The " + key.publicKey().getAlgorithm() + " key cannot sign: "
                    + ex.getMessage(), ex);
        }
    }

    /** An identity for a node that signs with {@code key}, with a fresh salt. */
    public static OriginIdentity create(SigningKey key, RandomGenerator random) {
        byte[] salt = new byte[Frame.OriginKey.SALT_LENGTH];
        long id;
        do {
            random.nextBytes(salt);
            id = originId(salt, key.publicKey().getEncoded());
        }
        while (id == 0);
        return new OriginIdentity(key, salt, id);
    }

    /**
     * The node id a key and salt give: the first 8 bytes of SHA-256("peermesh/v1 origin" || salt || public key),
     * the key as a DER X.509 SubjectPublicKeyInfo.
     */
    public static long originId(byte[] salt, byte[] publicKey) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(LABEL);
            sha256.update(salt);
            return ByteBuffer.wrap(sha256.digest(publicKey)).getLong();
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
        }
    }

    /** This node's id. */
    public long nodeId() {
        return nodeId;
    }

    /** The key it signs with. */
    public SigningKey key() {
        return key;
    }

    /** What peers verify this node's messages with, as sent in an ORIGIN_KEY frame. */
    public Frame.OriginKey credential() {
        return credential;
    }

    /** Signs a message of this node; see {@link SignedContent} for what is signed. */
    public synchronized byte[] sign(String meshId, long sequence, int hopLimit, String topic,
            Map<String, String> headers, byte[] payload) {
        try {
            SignedContent.update(signer, meshId, nodeId, sequence, hopLimit, topic, headers, payload);
            return signer.sign();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Message " + sequence + " could not be signed: " + ex.getMessage(), ex);
        }
    }

    /**
     * The digest of a message of this node: what a seal holds for it in place of a signature. Any thread; no lock.
     */
    public byte[] digest(String meshId, long sequence, int hopLimit, String topic, Map<String, String> headers,
            byte[] payload) {
        return SignedContent.digest(meshId, nodeId, sequence, hopLimit, topic, headers, payload);
    }

    /**
     * Seals runs of this node's consecutive messages, {@code first} onwards, by their digests: one signature for them
     * all, whether one run or a group of up to {@link Frame#MAX_SEAL_GROUP}, each run becoming a seal of its own.
     *
     * @param runs each run's digests ({@link #digest}), one after another, at most {@link Frame#MAX_SEALED} a run
     * @return the seals, one a run, in order
     */
    public synchronized Frame.Seal[] seal(String meshId, long first, byte[]... runs) {
        if (runs.length == 0 || runs.length > Frame.MAX_SEAL_GROUP) {
            throw new IllegalArgumentException("a group holds 1 to " + Frame.MAX_SEAL_GROUP + " seals, not "
                    + runs.length);
        }
        byte[] hashes = new byte[runs.length * Frame.DIGEST_LENGTH];
        long at = first;
        for (int i = 0; i < runs.length; i++) {
            System.arraycopy(SignedContent.sealHash(at, runs[i]), 0, hashes, i * Frame.DIGEST_LENGTH,
                    Frame.DIGEST_LENGTH);
            at += runs[i].length / Frame.DIGEST_LENGTH;
        }
        byte[] signature;
        try {
            SignedContent.updateSeal(signer, meshId, nodeId, hashes);
            signature = signer.sign();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Messages from " + first + " could not be sealed: " + ex.getMessage(), ex);
        }
        Frame.Seal[] seals = new Frame.Seal[runs.length];
        at = first;
        for (int i = 0; i < runs.length; i++) {
            byte[] others = runs.length == 1 ? new byte[0] : SignedContent.others(hashes, i);
            seals[i] = new Frame.Seal(nodeId, at, runs[i], i, others, signature);
            at += runs[i].length / Frame.DIGEST_LENGTH;
        }
        return seals;
    }

    private static Frame.OriginKey credential(SigningKey key, byte[] salt, long nodeId) {
        if (key.certificate() == null) {
            return new Frame.OriginKey(nodeId, salt, Frame.OriginKey.PUBLIC_KEY, key.publicKey().getEncoded());
        }
        try {
            byte[] encoded = key.certificate().getEncoded();
            if (encoded.length > FrameLimits.MAX_CREDENTIAL_LENGTH) {
                throw new IllegalArgumentException("The certificate of " + key.certificate().getSubjectX500Principal()
                        + " is " + encoded.length + " bytes; at most "
                        + FrameLimits.MAX_CREDENTIAL_LENGTH + " travel with signed messages");
            }
            return new Frame.OriginKey(nodeId, salt, Frame.OriginKey.CERTIFICATE, encoded);
        }
        catch (CertificateEncodingException ex) {
            throw new IllegalArgumentException("The signing certificate cannot be encoded: " + ex.getMessage(), ex);
        }
    }
}
