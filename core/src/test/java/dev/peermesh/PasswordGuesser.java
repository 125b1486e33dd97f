package dev.peermesh;

import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.wire.Frame;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * An attacker testing password guesses offline against a recorded handshake, written from docs/protocol.md section
 * 5.2 alone (not from the node's code): each check answers whether one candidate password explains what was
 * recorded. It tries the two things a handshake could give away: an HMAC proof keyed by the mesh key (what version 3
 * sent, and an open mesh still sends), and a SPAKE2 confirmation, which an attacker that took part can recompute
 * for a candidate from the scalar it chose itself.
 */
final class PasswordGuesser {

    private static final X9ECParameters P256 = CustomNamedCurves.getByName("P-256");

    private static final ECPoint M = P256.getCurve().decodePoint(HexFormat.of()
            .parseHex("02886e2f97ace46e55ba9dd7242579f2993b64e16ef3dcab95afd497333d8fa12f"));

    private static final ECPoint N = P256.getCurve().decodePoint(HexFormat.of()
            .parseHex("03d8bbd6c639c62937b04d997f38c3770719c629d7014d49a24b4f98baa1292b49"));

    private final String meshId;

    PasswordGuesser(String meshId) {
        this.meshId = meshId;
    }

    /** Whether {@code candidate} makes the responder's proof of a recorded CHALLENGE an HMAC of the mesh key. */
    boolean explainsAsHmac(String candidate, Frame.Hello hello, Frame.Challenge challenge) {
        return MeshKey.derive(meshId, candidate).verify(challenge.proof(), MeshKey.Role.RESPONDER, hello.nonce(),
                challenge.nonce(), hello.nodeId(), challenge.nodeId());
    }

    /** Whether {@code candidate} makes the initiator's proof of a recorded AUTH an HMAC of the mesh key. */
    boolean explainsAsHmac(String candidate, Frame.Hello hello, Frame.Challenge challenge, Frame.Auth auth) {
        return MeshKey.derive(meshId, candidate).verify(auth.proof(), MeshKey.Role.INITIATOR, hello.nonce(),
                challenge.nonce(), hello.nodeId(), challenge.nodeId());
    }

    /**
     * Whether {@code candidate} explains the responder's SPAKE2 confirmation in a recorded CHALLENGE, for an
     * attacker that sent the HELLO with scalar {@code x}: it computes the key as an initiator holding the candidate
     * would, over the shares actually sent.
     */
    boolean explainsAsConfirmation(String candidate, BigInteger x, Frame.Hello hello, Frame.Challenge challenge)
            throws Exception {
        BigInteger w = w(candidate);
        ECPoint pB = P256.getCurve().decodePoint(challenge.share());
        byte[] key = pB.subtract(N.multiply(w)).multiply(x).normalize().getEncoded(false);
        byte[] transcript = concat(
                field(identity(hello.nodeId(), hello.nonce())),
                field(identity(challenge.nodeId(), challenge.nonce())),
                field(hello.share()), field(challenge.share()), field(key), field(unsigned32(w)));
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(transcript);
        byte[] kc = hkdf(Arrays.copyOfRange(hash, 16, 32),
                concat("ConfirmationKeys".getBytes(StandardCharsets.US_ASCII),
                        ("peermesh/v4 " + meshId).getBytes(StandardCharsets.UTF_8)), 32);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Arrays.copyOfRange(kc, 16, 32), "HmacSHA256"));
        return MessageDigest.isEqual(mac.doFinal(transcript), challenge.proof());
    }

    /** The candidate's SPAKE2 password scalar: HKDF of its PBKDF2 mesh key, reduced modulo the group order. */
    private BigInteger w(String candidate) throws Exception {
        byte[] salt = ("peermesh/v1 mesh key/" + meshId).getBytes(StandardCharsets.UTF_8);
        byte[] meshKey = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(candidate.toCharArray(), salt, 120_000, 256)).getEncoded();
        byte[] wide = hkdf(meshKey, "peermesh/v4 spake2 w".getBytes(StandardCharsets.US_ASCII), 40);
        return new BigInteger(1, wide).mod(P256.getN());
    }

    private static byte[] hkdf(byte[] ikm, byte[] info, int length) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, null, info));
        byte[] out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return out;
    }

    private static byte[] identity(long nodeId, byte[] nonce) {
        return ByteBuffer.allocate(8 + nonce.length).putLong(nodeId).put(nonce).array();
    }

    private static byte[] unsigned32(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int take = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - take, out, 32 - take, take);
        return out;
    }

    /** A transcript field: its length as eight bytes, little-endian, then the bytes (RFC 9382). */
    private static byte[] field(byte[] bytes) {
        return concat(ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(bytes.length).array(),
                bytes);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }
}
