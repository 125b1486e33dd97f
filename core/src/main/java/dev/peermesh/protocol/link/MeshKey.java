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
 * keys in different meshes and a captured handshake costs an attacker a slow guess per password. A mesh without a
 * password still runs the same handshake with a key anyone can derive from the mesh id: it proves nothing about
 * membership, but keeps one code path. Proofs are HMAC-SHA256 over both nonces and both node ids, labelled by role,
 * so a proof is useless on any other link or in the other direction.
 *
 * <p>{@code MeshKey key = MeshKey.derive("chat", "s3cret!Pass");}
 */
public final class MeshKey {

    /** PBKDF2 iterations; a one-off cost when a node starts. */
    static final int ITERATIONS = 120_000;

    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;

    private final boolean passwordProtected;

    /**
     * A MAC keyed once and never updated, cloned for each proof: {@code Mac.getInstance} and {@code init} per proof
     * looked the provider up and keyed it again, 13 % of the CPU samples of building a 4,000-node simulated mesh
     * (four proofs per handshake). Cloning only reads it, so threads may share it; null when the provider cannot
     * clone, and each proof then makes its own.
     */
    private final @Nullable Mac keyed;

    private MeshKey(byte[] key, boolean passwordProtected) {
        this.key = new SecretKeySpec(key, HMAC);
        this.passwordProtected = passwordProtected;
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
                return new MeshKey(MessageDigest.getInstance("SHA-256").digest(salt), false);
            }
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256);
            try {
                byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
                return new MeshKey(derived, true);
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
