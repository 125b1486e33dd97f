package dev.peermesh.transport;

import dev.peermesh.MeshTls;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.SSLException;

/**
 * Netty TLS contexts for both ends of a link from a node's {@link MeshTls}: TLS 1.3 or 1.2, client certificates
 * required.
 */
final class TlsContexts {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    static SslContext server(MeshTls tls) {
        try {
            return SslContextBuilder.forServer(tls.keyManagers())
                    .trustManager(tls.trustManagers())
                    .clientAuth(ClientAuth.REQUIRE)
                    .protocols(PROTOCOLS)
                    .build();
        }
        catch (SSLException ex) {
            throw new IllegalArgumentException("The node's TLS key and trust material cannot accept links: "
                    + ex.getMessage() + "; check the certificate, key and trust store", ex);
        }
    }

    static SslContext client(MeshTls tls) {
        try {
            return SslContextBuilder.forClient()
                    // Members dial each other by address and are trusted by their chain to the mesh's CA; Netty 4.2
                    // would otherwise demand a host name or IP SAN matching every address a node is dialled at.
                    .endpointIdentificationAlgorithm(null)
                    .keyManager(tls.keyManagers())
                    .trustManager(tls.trustManagers())
                    .protocols(PROTOCOLS)
                    .build();
        }
        catch (SSLException ex) {
            throw new IllegalArgumentException("The node's TLS key and trust material cannot dial links: "
                    + ex.getMessage() + "; check the certificate, key and trust store", ex);
        }
    }
}
