package dev.peermesh;

import java.util.Objects;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for every neighbor link: the node's own certificate and the certificates it trusts. Both ends of a link
 * present certificates and both verify them, so a node without a certificate its peers trust cannot join. Peers are
 * trusted by their certificate chain, not by host name: mesh members dial each other by address.
 *
 * <p>{@code MeshNode.builder(settings).tls(new MeshTls(keyManagerFactory, trustManagerFactory))}
 *
 * @param keyManagers the node's private key and certificate chain
 * @param trustManagers the certificates (typically the mesh's CA) that peers' chains must lead to
 */
public record MeshTls(KeyManagerFactory keyManagers, TrustManagerFactory trustManagers) {

    public MeshTls {
        Objects.requireNonNull(keyManagers, "keyManagers");
        Objects.requireNonNull(trustManagers, "trustManagers");
    }
}
