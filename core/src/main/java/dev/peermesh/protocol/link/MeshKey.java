package dev.peermesh.protocol.link;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * The secret that admits a node to a mesh, derived from the mesh password, and the proofs made with it.
 *
 * <p>The key is PBKDF2-HMAC-SHA256 of the password, salted with the mesh id, so the same password gives different
 * keys in different meshes. A password mesh's handshake runs {@link Spake2} keyed from it: no handshake, recorded or
 * taken part in, gives anything to test password guesses against offline. A mesh without a password runs the
 * handshake with HMAC-SHA256 proofs over both nonces and both node ids, labelled by role, keyed with a key anyone can
 * derive from the mesh id: they prove nothing about membership, and there is no password to guess.
 *
 * <p>{@code MeshKey key = MeshKey.derive("chat", "s3cret!Pass");}
 */
public final class MeshKey {

    /** PBKDF2 iterations; a one-off cost when a node starts. */
    static final int ITERATIONS = 120_000;

    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;

    private final boolean passwordProtected;

    /** The password exchange of a password mesh; null in an open mesh, whose handshake proves with HMACs. */
    private final @Nullable Spake2 exchange;

    /**
     * A MAC keyed once and never updated, cloned for each proof: {@code Mac.getInstance} and {@code init} per proof
     * looked the provider up and keyed it again, 13 % of the CPU samples of building a 4,000-node simulated mesh
     * (four proofs per handshake). Cloning only reads it, so threads may share it; null when the provider cannot
     * clone, and each proof then makes its own.
     */
    private final @Nullable Mac keyed;

    private MeshKey(byte[] key, @Nullable Spake2 exchange) {
        this.key = new SecretKeySpec(key, HMAC);
        this.passwordProtected = exchange != null;
        this.exchange = exchange;
        this.keyed = cloneable(this.key);
    }

    private static @Nullable Mac cloneable(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.clone();
            return mac;
        }
        catch (GeneralSecurityException | CloneNotSupportedException ex) {
            return null;
        }
    }

    private Mac mac() throws GeneralSecurityException {
        if (keyed != null) {
            try {
                return (Mac) keyed.clone();
            }
            catch (CloneNotSupportedException ex) {
                // cannot happen: it cloned when made; make one below
            }
        }
        Mac mac = Mac.getInstance(HMAC);
        mac.init(key);
        return mac;
    }

    /**
     * Derives the key of a mesh.
     *
     * @param meshId the mesh id, used as salt
     * @param password the mesh password, or {@code null} or empty for an open mesh
     */
    public static MeshKey derive(String meshId, @Nullable String password) {
        Objects.requireNonNull(meshId, "meshId");
        byte[] salt = ("peermesh/v1 mesh key/" + meshId).getBytes(StandardCharsets.UTF_8);
        try {
            if (password == null || password.isEmpty()) {
                return new MeshKey(MessageDigest.getInstance("SHA-256").digest(salt), null);
            }
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256);
            try {
                byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
                return new MeshKey(derived, Spake2.forMesh(derived, meshId));
            }
            finally {
                spec.clearPassword();
            }
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("This JVM lacks PBKDF2WithHmacSHA256 or SHA-256, which peermesh needs", ex);
        }
    }

    /** Whether the key came from a password (rather than an open mesh). */
    public boolean passwordProtected() {
        return passwordProtected;
    }

    /**
     * The password-authenticated key exchange (SPAKE2) a password mesh's handshake runs instead of HMAC proofs, so
     * that no recorded handshake lets anyone test password guesses offline; {@code null} in an open mesh.
     */
    public @Nullable Spake2 exchange() {
        return exchange;
    }

    /** The proof a node in {@code role} sends on the link these nonces and ids describe. */
    public byte[] proof(Role role, byte[] initiatorNonce, byte[] responderNonce, long initiatorId, long responderId) {
        try {
            Mac mac = mac();
            mac.update(role.label);
            mac.update(initiatorNonce);
            mac.update(responderNonce);
            mac.update(ByteBuffer.allocate(16).putLong(initiatorId).putLong(responderId).array());
            return mac.doFinal();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", ex);
        }
    }

    /** Checks a proof in constant time. */
    public boolean verify(byte[] proof, Role role, byte[] initiatorNonce, byte[] responderNonce, long initiatorId,
            long responderId) {
        return MessageDigest.isEqual(proof, proof(role, initiatorNonce, responderNonce, initiatorId, responderId));
    }

    /** Which end of a link made a proof; part of what is signed, so proofs cannot be reflected. */
    public enum Role {

        /** The node that dialled. */
        INITIATOR("peermesh/v1 initiator"),
        /** The node that accepted. */
        RESPONDER("peermesh/v1 responder");

        private final byte[] label;

        Role(String label) {
            this.label = label.getBytes(StandardCharsets.UTF_8);
        }
    }
}
