package dev.peermesh.security;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Collection;

import javax.net.ssl.TrustManagerFactory;

import org.jspecify.annotations.Nullable;

/**
 * Which origins' keys a node accepts. A key is only ever used for the origin whose id is derived from it (see
 * {@link OriginIdentity#originId}); the policy decides whether the key itself is trusted.
 *
 * <ul>
 * <li>{@link #none()}: messages are not verified (the default; origin keys are still checked and passed on, so a
 * mesh can turn verification on node by node once every node signs);
 * <li>{@link #keys(Collection)}: the key must be one of a configured set;
 * <li>{@link #ca(Collection)}: the key must come in a certificate issued by one of the mesh's CAs.
 * </ul>
 *
 * <p>{@code MeshNode.builder(settings).trust(TrustPolicy.keys(List.of(aliceKey, bobKey)))}
 */
public interface TrustPolicy {

    /** Whether messages are verified at all; {@code false} only for {@link #none()}. */
    default boolean verifiesMessages() {
        return true;
    }

    /**
     * Why an origin's key is not trusted, or {@code null} when it is.
     *
     * @param key the origin's public key
     * @param certificate the certificate it came in, or {@code null} when the origin sent a bare key
     */
    @Nullable String distrust(PublicKey key, @Nullable X509Certificate certificate);

    /** Trusts every origin: messages are not verified. */
    static TrustPolicy none() {
        return TrustPolicies.NONE;
    }

    /**
     * Trusts the origins that sign with one of these keys (bare, or in a certificate of any issuer).
     *
     * @throws IllegalArgumentException when the set is empty
     */
    static TrustPolicy keys(Collection<? extends PublicKey> keys) {
        return new TrustPolicies.KeySet(keys);
    }

    /**
     * Trusts the origins whose certificate was issued by one of these CAs and is valid now.
     *
     * @throws IllegalArgumentException when there is no CA
     */
    static TrustPolicy ca(Collection<X509Certificate> authorities) {
        return new TrustPolicies.Authorities(authorities);
    }

    /**
     * Trusts the origins whose certificate was issued by a CA these trust managers accept (an SSL bundle's trust
     * store).
     *
     * @throws IllegalArgumentException when the trust managers name no CA
     */
    static TrustPolicy ca(TrustManagerFactory trustManagers) {
        return new TrustPolicies.Authorities(TrustPolicies.acceptedIssuers(trustManagers));
    }
}
