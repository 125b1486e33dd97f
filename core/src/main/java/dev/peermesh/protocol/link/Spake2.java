package dev.peermesh.protocol.link;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * SPAKE2 (RFC 9382) over P-256 with SHA-256, HKDF-SHA256 and HMAC-SHA256: the password-authenticated key exchange
 * of a password mesh's handshake. Each side sends one share; each proves it derived the same key with a
 * confirmation MAC over the whole transcript. A recorded exchange, with a member or with a peer that guessed wrong,
 * gives nothing to test password guesses against offline: testing one needs a Diffie-Hellman value of the exchange,
 * so an attacker learns about one password per exchange it takes part in, and nothing from one it only watched.
 *
 * <p>The initiator is party A (its share is masked with M), the responder party B (with N). The password scalar
 * {@code w} is derived from the PBKDF2 mesh key (the memory-hard function RFC 9382 asks for), so a guess still
 * costs a PBKDF2 derivation as well as an online exchange. The curve arithmetic is BouncyCastle's; the key schedule
 * follows the RFC exactly and {@code Spake2Test} checks it against the RFC's test vector.
 *
 * <p>{@code Spake2.Party a = spake2.start(true); a.finish(peerShare, idA, idB); a.confirmation();}
 */
public final class Spake2 {

    /** Length of a share: an uncompressed P-256 point. */
    public static final int SHARE_LENGTH = 65;

    /** Length of a confirmation: HMAC-SHA256. */
    public static final int CONFIRMATION_LENGTH = 32;

    private static final X9ECParameters P256 = CustomNamedCurves.getByName("P-256");

    private static final ECCurve CURVE = P256.getCurve();

    private static final BigInteger ORDER = P256.getN();

    /** RFC 9382 section 6, P-256: points nobody knows the discrete logarithm of. */
    private static final ECPoint M = point("02886e2f97ace46e55ba9dd7242579f2993b64e16ef3dcab95afd497333d8fa12f");

    private static final ECPoint N = point("03d8bbd6c639c62937b04d997f38c3770719c629d7014d49a24b4f98baa1292b49");

    private static final byte[] CONFIRMATION_KEYS = "ConfirmationKeys".getBytes(StandardCharsets.US_ASCII);

    private final byte[] wBytes;

    private final ECPoint wM;

    private final ECPoint wN;

    private final byte[] aad;

    Spake2(BigInteger w, byte[] aad) {
        this.wBytes = BigIntegers.asUnsignedByteArray(32, w);
        this.wM = M.multiply(w).normalize();
        this.wN = N.multiply(w).normalize();
        this.aad = aad.clone();
    }

    /**
     * The exchange of a password mesh.
     *
     * @param meshKey the PBKDF2 key of the mesh password ({@link MeshKey})
     * @param meshId the mesh id, bound into the confirmation keys
     */
    static Spake2 forMesh(byte[] meshKey, String meshId) {
        byte[] wide = hkdf(meshKey, "peermesh/v4 spake2 w".getBytes(StandardCharsets.US_ASCII), 40);
        BigInteger w = new BigInteger(1, wide).mod(ORDER);
        return new Spake2(w, ("peermesh/v4 " + meshId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Starts one side of an exchange with a fresh scalar from {@code random}: a node's
     * {@link java.security.SecureRandom}; the simulator's seeded random, so a simulated run repeats.
     */
    public Party start(boolean initiator, RandomGenerator random) {
        byte[] wide = new byte[40];
        random.nextBytes(wide);
        return start(initiator, new BigInteger(1, wide).mod(ORDER.subtract(BigInteger.ONE)).add(BigInteger.ONE));
    }

    Party start(boolean initiator, BigInteger scalar) {
        return new Party(initiator, scalar);
    }

    private static ECPoint point(String hex) {
        return CURVE.decodePoint(HexFormat.of().parseHex(hex)).normalize();
    }

    private static byte[] hkdf(byte[] ikm, byte[] info, int length) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, null, info));
        byte[] out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return out;
    }

    /** A peer's share that is no point of the curve's group, or is the identity: the exchange cannot go on. */
    public static final class BadShare extends Exception {

        BadShare(String detail) {
            super(detail, null, false, false);
        }
    }

    /** One side of one exchange; used once. */
    public final class Party {

        private final boolean initiator;

        private final BigInteger scalar;

        private final byte[] share;

        private byte[] ownConfirmation = new byte[0];

        private byte[] peerConfirmation = new byte[0];

        private Party(boolean initiator, BigInteger scalar) {
            this.initiator = initiator;
            this.scalar = scalar;
            ECPoint masked = new FixedPointCombMultiplier().multiply(P256.getG(), scalar).add(initiator ? wM : wN);
            this.share = masked.normalize().getEncoded(false);
        }

        /** This side's share, to send. */
        public byte[] share() {
            return share.clone();
        }

        /**
         * Computes the key from the peer's share and both identities (A the initiator's, B the responder's).
         *
         * @throws BadShare when the peer's share is no valid point or makes the key the identity
         */
        public void finish(byte[] peerShare, byte[] idA, byte[] idB) throws BadShare {
            ECPoint peer;
            try {
                peer = peerShare.length == SHARE_LENGTH ? CURVE.decodePoint(peerShare) : null;
            }
            catch (IllegalArgumentException ex) {
                peer = null;
            }
            if (peer == null || peer.isInfinity()) {
                throw new BadShare("the peer's key share is not a point of P-256");
            }
            ECPoint key = peer.subtract(initiator ? wN : wM).multiply(scalar).normalize();
            if (key.isInfinity()) {
                throw new BadShare("the peer's key share makes the key the identity");
            }
            byte[] pA = initiator ? share : peerShare;
            byte[] pB = initiator ? peerShare : share;
            byte[] transcript = transcript(idA, idB, pA, pB, key.getEncoded(false));
            byte[] hash = sha256(transcript);
            byte[] ka = Arrays.copyOfRange(hash, 16, 32);
            byte[] info = new byte[CONFIRMATION_KEYS.length + aad.length];
            System.arraycopy(CONFIRMATION_KEYS, 0, info, 0, CONFIRMATION_KEYS.length);
            System.arraycopy(aad, 0, info, CONFIRMATION_KEYS.length, aad.length);
            byte[] kc = hkdf(ka, info, 32);
            byte[] cA = hmac(Arrays.copyOfRange(kc, 0, 16), transcript);
            byte[] cB = hmac(Arrays.copyOfRange(kc, 16, 32), transcript);
            ownConfirmation = initiator ? cA : cB;
            peerConfirmation = initiator ? cB : cA;
        }

        /** This side's confirmation, to send once {@link #finish} ran. */
        public byte[] confirmation() {
            return ownConfirmation.clone();
        }

        /** Whether the peer's confirmation matches, compared in constant time; false before {@link #finish}. */
        public boolean confirms(byte[] confirmation) {
            return peerConfirmation.length > 0 && MessageDigest.isEqual(peerConfirmation, confirmation);
        }

        private byte[] transcript(byte[] idA, byte[] idB, byte[] pA, byte[] pB, byte[] key) {
            byte[][] parts = {idA, idB, pA, pB, key, wBytes};
            int length = 0;
            for (byte[] part : parts) {
                length += 8 + part.length;
            }
            byte[] out = new byte[length];
            int at = 0;
            for (byte[] part : parts) {
                long size = part.length;
                for (int i = 0; i < 8; i++) {
                    out[at++] = (byte) (size >>> (8 * i));
                }
                System.arraycopy(part, 0, out, at, part.length);
                at += part.length;
            }
            return out;
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("This JVM lacks SHA-256, which peermesh needs", ex);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("This JVM lacks HmacSHA256, which peermesh needs", ex);
        }
    }

    @Override
    public String toString() {
        return "Spake2[P-256]";
    }
}
