package dev.peermesh.resolver.multicast;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * The keys that authenticate a mesh's datagrams (version 2): per mesh id, an HMAC-SHA256 key derived from the mesh
 * password with PBKDF2 (salted with the mesh id and this use, so it is not the handshake's key), and a MAC of
 * {@value #MAC_LENGTH} bytes over everything before it. Without a password there are no keys and datagrams go out
 * as version 1, unauthenticated.
 *
 * <p>Keys are derived only for the meshes this resolver registers or resolves ({@code wanted}): a datagram of any
 * other mesh is not checked at all, so a flood of made-up mesh ids costs no key derivations. A derivation takes a
 * tenth of a second once per mesh.
 */
final class DatagramKeys {

    /** Bytes of the MAC that ends a version 2 datagram: HMAC-SHA256 cut to 128 bits. */
    static final int MAC_LENGTH = 16;

    /** PBKDF2 iterations, as for the mesh key. */
    static final int ITERATIONS = 120_000;

    private static final DatagramKeys NONE = new DatagramKeys(null, Set.of());

    private final char @Nullable [] password;

    private final Set<String> wanted;

    private final ConcurrentHashMap<String, SecretKeySpec> keys = new ConcurrentHashMap<>();

    /**
     * @param password the mesh password, or {@code null}: no authentication
     * @param wanted the meshes this resolver registers or resolves, read live
     */
    DatagramKeys(@Nullable String password, Set<String> wanted) {
        this.password = password == null ? null : password.toCharArray();
        this.wanted = wanted;
    }

    /** Keys for no mesh: datagrams unauthenticated (version 1). */
    static DatagramKeys none() {
        return NONE;
    }

    /** Whether datagrams are authenticated. */
    boolean enabled() {
        return password != null;
    }

    /**
     * The MAC of the datagram's bytes for a mesh this resolver sends about (derives its key if need be; a mesh it does
     * not use gets none, so the keys stay within max-meshes).
     */
    byte[] mac(String meshId, ByteBuffer bytes) {
        if (!wanted.contains(meshId)) {
            throw new IllegalStateException("mesh '" + meshId + "' is not one this resolver registers or resolves");
        }
        return mac(key(meshId), bytes);
    }

    /**
     * Whether {@code mac} is the right one for the bytes of a datagram of {@code meshId}; {@code false} also for a
     * mesh this resolver neither registers nor resolves, whose key it does not derive.
     */
    boolean verify(String meshId, ByteBuffer bytes, byte[] mac) {
        if (!wanted.contains(meshId)) {
            return false;
        }
        return MessageDigest.isEqual(mac(key(meshId), bytes), mac);
    }

    private SecretKeySpec key(String meshId) {
        return keys.computeIfAbsent(meshId, this::derive);
    }

    private SecretKeySpec derive(String meshId) {
        if (password == null) {
            throw new IllegalStateException("no mesh password: datagrams are not authenticated");
        }
        byte[] salt = ("peermesh multicast datagrams\0" + meshId).getBytes(StandardCharsets.UTF_8);
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, ITERATIONS, 256);
            try {
                byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec)
                        .getEncoded();
                return new SecretKeySpec(derived, "HmacSHA256");
            }
            finally {
                spec.clearPassword();
            }
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("This JVM lacks PBKDF2WithHmacSHA256, which peermesh needs", ex);
        }
    }

    private static byte[] mac(SecretKeySpec key, ByteBuffer bytes) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(bytes.duplicate());
            byte[] full = mac.doFinal();
            byte[] cut = new byte[MAC_LENGTH];
            System.arraycopy(full, 0, cut, 0, MAC_LENGTH);
            return cut;
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("This JVM lacks HmacSHA256, which peermesh needs", ex);
        }
    }
}
