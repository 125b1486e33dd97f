package dev.peermesh.security;

import dev.peermesh.MessageId;
import dev.peermesh.NodeId;
import dev.peermesh.log.PeerText;
import dev.peermesh.wire.Frame;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The {@link OriginVerifier} of a node: origins' keys learnt from ORIGIN_KEY frames, each accepted only when the
 * origin's id is derived from it and the {@link TrustPolicy} trusts it, kept for the most recently heard
 * {@code capacity} origins; and the signature check of every new message against its origin's key.
 *
 * <p>Not thread-safe: owned by the node's protocol thread.
 * {@code new OriginKeys("orders", TrustPolicy.keys(trusted), 10_000, identity)}
 */
public final class OriginKeys implements OriginVerifier {

    private static final String[] KEY_ALGORITHMS = { "EdDSA", "EC", "RSA" };

    private final String meshId;

    private final TrustPolicy trust;

    private final @Nullable OriginIdentity own;

    private final @Nullable Known ownKey;

    private final Map<Long, Known> keys;

    private final Seals seals;

    /**
     * Other origins whose seals arrived since {@link #sealersHeard()} was last asked; counted on a node that seals
     * (it asks once a second), at most {@code capacity} of them.
     */
    private final Set<Long> sealers = new HashSet<>();

    private final int capacity;

    /** Seal signatures checked so far (a group's other seals need none once one verified). */
    private long signatureChecks;

    /** Per-message signatures: one engine per algorithm, initialized for each check (it buffers the message). */
    private final Map<String, Signature> messageVerifiers = new HashMap<>();

    /** Bytes of seals a node keeps unless told otherwise: 8 MiB, some 250,000 messages in full seals. */
    public static final long DEFAULT_SEAL_BYTES = 8L << 20;

    /**
     * An origin's key, ready to verify with and to pass on, and its own engine for seals, initialized with the key
     * once: an engine re-initialized for each check costs a tenth more per Ed25519 verification (the key converted
     * again). Only seals, whose signed content is about a hundred bytes: an Ed25519 engine keeps the buffer of the
     * longest content it checked.
     */
    private static final class Known {

        final Frame.OriginKey credential;

        final PublicKey key;

        final String algorithm;

        private @Nullable Signature verifier;

        /** The last group of seals whose signature verified: its hashes and that signature. */
        private byte @Nullable [] verifiedGroup;

        private byte @Nullable [] verifiedSignature;

        Known(Frame.OriginKey credential, PublicKey key, String algorithm) {
            this.credential = credential;
            this.key = key;
            this.algorithm = algorithm;
        }

        /** The engine to verify seals with, ready for {@code update}: it resets itself after each verification. */
        Signature sealVerifier() throws GeneralSecurityException {
            if (verifier == null) {
                Signature engine = SignatureEngines.forAlgorithm(algorithm);
                engine.initVerify(key);
                verifier = engine;
            }
            return verifier;
        }

        /** Forgets the engine after a check that threw, whose state the engine's contract leaves open. */
        void discardVerifier() {
            verifier = null;
        }

        /**
         * Whether this signature over these group hashes verified the last time a seal of this origin was checked:
         * the other seals of a group then cost a hash each, not a signature check.
         */
        boolean verifiedAlready(byte[] groupHashes, byte[] signature) {
            return Arrays.equals(groupHashes, verifiedGroup) && Arrays.equals(signature, verifiedSignature);
        }

        void verified(byte[] groupHashes, byte[] signature) {
            verifiedGroup = groupHashes;
            verifiedSignature = signature;
        }
    }

    /**
     * @param meshId the mesh whose messages are verified (it is part of what is signed)
     * @param trust which keys are accepted
     * @param capacity most origins whose keys are kept; the least recently heard is forgotten first
     * @param own this node's identity when it signs, else {@code null}
     */
    public OriginKeys(String meshId, TrustPolicy trust, int capacity, @Nullable OriginIdentity own) {
        this(meshId, trust, capacity, own, DEFAULT_SEAL_BYTES);
    }

    /**
     * As {@link #OriginKeys(String, TrustPolicy, int, OriginIdentity)}, keeping at most {@code sealBytes} of seals
     * (the oldest go first).
     */
    public OriginKeys(String meshId, TrustPolicy trust, int capacity, @Nullable OriginIdentity own, long sealBytes) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, not " + capacity);
        }
        this.meshId = meshId;
        this.capacity = capacity;
        this.trust = trust;
        this.own = own;
        this.seals = new Seals(sealBytes);
        this.ownKey = own == null ? null
                : new Known(own.credential(), own.key().publicKey(), own.key().algorithm());
        this.keys = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Known> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public Verdict learn(Frame.OriginKey credential) {
        long origin = credential.origin();
        if (own != null && origin == own.nodeId()) {
            return credential.sameAs(own.credential()) ? Verdict.ACCEPTED
                    : Verdict.forged("a key claims to be this node's own, " + NodeId.format(origin));
        }
        Known known = keys.get(origin);
        if (known != null && known.credential.sameAs(credential)) {
            return Verdict.ACCEPTED;
        }
        PublicKey key;
        X509Certificate certificate = null;
        try {
            if (credential.kind() == Frame.OriginKey.CERTIFICATE) {
                certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(credential.encoded()));
                key = certificate.getPublicKey();
            }
            else {
                key = publicKey(credential.encoded());
            }
        }
        catch (GeneralSecurityException | RuntimeException ex) {
            return Verdict.forged("the key of origin " + NodeId.format(origin) + " cannot be read: "
                    + PeerText.escape(ex.getMessage()));
        }
        if (OriginIdentity.originId(credential.salt(), key.getEncoded()) != origin) {
            return Verdict.forged("the key sent for origin " + NodeId.format(origin)
                    + " is not that origin's: the id is not derived from it");
        }
        String algorithm = SigningKey.signatureAlgorithm(key);
        if (algorithm == null) {
            return Verdict.forged("origin " + NodeId.format(origin) + " has a " + key.getAlgorithm()
                    + " key, which peermesh does not verify");
        }
        String distrust = trust.distrust(key, certificate);
        if (distrust != null) {
            // The reason may quote the peer's certificate (its subject): escaped, as peer text.
            return Verdict.forged("origin " + NodeId.format(origin) + " is not trusted: " + PeerText.escape(distrust));
        }
        keys.put(origin, new Known(credential, key, algorithm));
        return Verdict.ACCEPTED;
    }

    @Override
    public Verdict verify(Frame.Data message) {
        if (!trust.verifiesMessages()) {
            return Verdict.ACCEPTED;
        }
        if (!message.signed()) {
            return Verdict.forged("message " + id(message)
                    + " is not signed, and this node accepts signed messages only");
        }
        if (message.sealed()) {
            return verifySealed(message);
        }
        Known known = known(message.origin());
        if (known == null) {
            return Verdict.unknownOrigin("message " + id(message) + " came before any key of its origin");
        }
        try {
            Signature verifier = messageVerifier(known);
            SignedContent.update(verifier, meshId, message.origin(), message.sequence(), message.hopLimit(),
                    message.topic(), message.headers(), message.payload());
            if (verifier.verify(message.signature())) {
                return Verdict.ACCEPTED;
            }
        }
        catch (GeneralSecurityException | RuntimeException ex) {
            // a malformed signature (an ECDSA one that is not DER) is as forged as a wrong one; the engine is
            // initialized again for the next message
        }
        return Verdict.forged("the signature of message " + id(message)
                + " does not verify: it was altered on the way, or not signed by its origin");
    }

    /** A sealed message: its digest must be the one its origin's seal holds for its sequence number. */
    private Verdict verifySealed(Frame.Data message) {
        byte[] digest = SignedContent.digest(meshId, message.origin(), message.sequence(), message.hopLimit(),
                message.topic(), message.headers(), message.payload());
        Seals.Digest sealed = seals.check(message.origin(), message.sequence(), digest);
        if (sealed == Seals.Digest.MATCHES) {
            return Verdict.ACCEPTED;
        }
        if (sealed == Seals.Digest.NOT_SEALED) {
            return Verdict.unknownOrigin("message " + id(message) + " came before the seal of its origin that"
                    + " covers it");
        }
        return Verdict.forged("message " + id(message) + " is not the one its origin sealed: it was altered on the"
                + " way");
    }

    @Override
    public Verdict learn(Frame.Seal seal) {
        if (seals.keeps(seal)) {
            return Verdict.ACCEPTED; // passed on again by another neighbor: checked once is enough
        }
        // Checked on every node, whether or not it verifies messages: a seal is kept and passed on only when the key
        // its origin's id is derived from made it, so no neighbor can plant a forged one here to be passed on in an
        // honest node's name (and cost it its links), nor one in this node's own name.
        Verdict verdict = check(seal);
        if (!verdict.accepted()) {
            return verdict;
        }
        seals.put(seal);
        if (own != null && seal.origin() != own.nodeId() && sealers.size() < capacity) {
            sealers.add(seal.origin());
        }
        return Verdict.ACCEPTED;
    }

    private Verdict check(Frame.Seal seal) {
        Known known = known(seal.origin());
        if (known == null) {
            return Verdict.unknownOrigin(describe(seal) + " came before any key of its origin");
        }
        byte[] group = SignedContent.groupHashes(seal);
        if (known.verifiedAlready(group, seal.signature())) {
            return Verdict.ACCEPTED; // another seal of a group whose signature verified: the same content, signed
        }
        try {
            Signature verifier = known.sealVerifier();
            SignedContent.updateSeal(verifier, meshId, seal.origin(), group);
            signatureChecks++;
            if (verifier.verify(seal.signature())) {
                if (seal.groupSize() > 1) { // a seal of its own has no other seal to spare a check for
                    known.verified(group, seal.signature());
                }
                return Verdict.ACCEPTED;
            }
        }
        catch (GeneralSecurityException | RuntimeException ex) {
            // malformed: as forged as a wrong signature; a fresh engine for the next seal
            known.discardVerifier();
        }
        return Verdict.forged(describe(seal) + " does not verify: it was altered on the way, or not signed by its"
                + " origin");
    }

    /** A seal, for a verdict's detail only: a seal that verifies makes no string. */
    private static String describe(Frame.Seal seal) {
        return "the seal of messages " + seal.first() + " to " + seal.last() + " of origin "
                + NodeId.format(seal.origin());
    }

    @Override
    public void sealed(Frame.Seal ownSeal) {
        seals.put(ownSeal);
    }

    @Override
    public Frame.@Nullable Seal seal(long origin, long sequence) {
        return seals.covering(origin, sequence);
    }

    @Override
    public long sealFirst(long origin, long sequence) {
        return seals.firstCovering(origin, sequence);
    }

    /**
     * How many other origins' seals this node checked since it was last asked, and starts counting again: what a
     * sealing node paces its own seals by ({@link dev.peermesh.SealSettings#checkRate()}). Counted only on a node
     * that signs, at most {@code capacity}.
     */
    public int sealersHeard() {
        int heard = sealers.size();
        sealers.clear();
        return heard;
    }

    private Signature messageVerifier(Known known) throws GeneralSecurityException {
        Signature verifier = messageVerifiers.get(known.algorithm);
        if (verifier == null) {
            verifier = SignatureEngines.forAlgorithm(known.algorithm);
            messageVerifiers.put(known.algorithm, verifier);
        }
        verifier.initVerify(known.key);
        return verifier;
    }

    /** How many seal signatures this node has checked: one a group of seals, not one a seal. */
    public long sealSignatureChecks() {
        return signatureChecks;
    }

    /** Seals kept now, this node's own included. */
    public int seals() {
        return seals.size();
    }

    /** The message's id, for a verdict's detail only: a message that verifies makes no object for it. */
    private static MessageId id(Frame.Data message) {
        return new MessageId(message.origin(), message.sequence());
    }

    @Override
    public Frame.@Nullable OriginKey credential(long origin) {
        Known known = known(origin);
        return known == null ? null : known.credential;
    }

    /** Origins whose keys are kept now, this node's own not counted. */
    public int size() {
        return keys.size();
    }

    private @Nullable Known known(long origin) {
        if (own != null && origin == own.nodeId()) {
            return ownKey;
        }
        return keys.get(origin);
    }

    private static PublicKey publicKey(byte[] encoded) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(encoded));
            }
            catch (GeneralSecurityException ex) {
                last = ex;
            }
        }
        throw new GeneralSecurityException("not a DER X.509 SubjectPublicKeyInfo of an Ed25519, EC or RSA key"
                + (last != null && last.getMessage() != null ? " (" + last.getMessage() + ")" : ""));
    }
}
