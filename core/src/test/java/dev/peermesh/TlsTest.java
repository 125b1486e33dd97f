package dev.peermesh;

import io.netty.pkitesting.X509Bundle;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.peermesh.security.Certificates.authority;
import static dev.peermesh.security.Certificates.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Links over mutually authenticated TLS, with a CA and certificates made in the test.
 */
class TlsTest {

    private static X509Bundle meshCa;

    private static X509Bundle strangerCa;

    @BeforeAll
    static void makeCertificates() throws Exception {
        meshCa = authority("CN=peermesh test mesh CA");
        strangerCa = authority("CN=someone else's CA");
    }

    @Test
    void nodesWithCertificatesFromTheMeshCaLinkAndExchangeMessages() throws Exception {
        try (TestMesh mesh = new TestMesh("tls")) {
            MeshTls tlsA = tls(node(meshCa, "CN=node-a"), meshCa);
            MeshTls tlsB = tls(node(meshCa, "CN=node-b"), meshCa);
            MeshNode a = mesh.start(s -> s, builder -> builder.tls(tlsA));
            MeshNode b = mesh.start(s -> s, builder -> builder.tls(tlsB), a);

            await().until(() -> TestMesh.neighborIds(a).contains(b.nodeId()));
            b.publish("secure", "over TLS".getBytes(StandardCharsets.UTF_8), Map.of());
            await().until(() -> mesh.delivered(a, "secure"));
        }
    }

    @Test
    void nodeWithAnUntrustedCertificateOrNoTlsCannotJoin() throws Exception {
        try (TestMesh mesh = new TestMesh("tls-refusal")) {
            MeshTls memberTls = tls(node(meshCa, "CN=member"), meshCa);
            // Trusts the mesh CA, but its own certificate comes from elsewhere.
            MeshTls impostorTls = tls(node(strangerCa, "CN=impostor"), meshCa);
            MeshNode member = mesh.start(s -> s, b -> b.tls(memberTls));
            MeshNode impostor = mesh.start(s -> s, b -> b.tls(impostorTls), member);
            MeshNode plain = mesh.start(s -> s, b -> b, member);

            await().atMost(Duration.ofSeconds(10)).until(() -> impostor.state().counters().linksRefused() >= 1
                    && plain.state().counters().linksRefused() >= 1);
            assertThat(impostor.state().neighbors()).isEmpty();
            assertThat(plain.state().neighbors()).isEmpty();
            assertThat(member.state().neighbors()).isEmpty();
            await().untilAsserted(() -> assertThat(member.state().counters().rejected())
                    .as("the impostor's and the plain node's links, each counted")
                    .hasEntrySatisfying(Rejection.TLS_HANDSHAKE_FAILED,
                            count -> assertThat(count).isGreaterThanOrEqualTo(2)));
        }
    }

    /**
     * The handshake duration limit covers TLS too: a peer that connects and says nothing, and one that stops in the
     * middle of its ClientHello, are closed after the node's handshake timeout (2 s here; Netty's own TLS handshake
     * timeout would be 10 s), and members still join.
     */
    @Test
    void peersThatStallTheTlsHandshakeAreClosedAfterTheHandshakeTimeout() throws Exception {
        try (TestMesh mesh = new TestMesh("tls-stall")) {
            MeshTls memberTls = tls(node(meshCa, "CN=member"), meshCa);
            MeshNode member = mesh.start(s -> s.handshakeTimeout(Duration.ofSeconds(2)), b -> b.tls(memberTls));
            long start = System.nanoTime();
            try (RawPeer silent = new RawPeer(member.address());
                    RawPeer halfHello = new RawPeer(member.address())) {
                // a TLS handshake record announcing 512 bytes, then the first 6 of them
                halfHello.sendRaw(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03,
                    0x03});

                assertThat(silent.closedByNode()).as("a peer silent since it connected, closed within 10 s")
                        .isTrue();
                assertThat(halfHello.closedByNode()).as("a peer stalled mid-ClientHello, closed within 10 s")
                        .isTrue();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("closed by the node's handshake timeout")
                    .isLessThan(Duration.ofSeconds(8));
            MeshTls otherTls = tls(node(meshCa, "CN=other"), meshCa);
            MeshNode other = mesh.start(s -> s, b -> b.tls(otherTls), member);
            await().until(() -> TestMesh.neighborIds(member).contains(other.nodeId()));
        }
    }

    @Test
    void memberDiallingANodeWithAWrongCertificateRefusesIt() throws Exception {
        try (TestMesh mesh = new TestMesh("tls-dial-impostor")) {
            MeshTls memberTls = tls(node(meshCa, "CN=member"), meshCa);
            MeshTls impostorTls = tls(node(strangerCa, "CN=impostor"), meshCa);
            MeshNode impostor = mesh.start(s -> s, b -> b.tls(impostorTls));
            MeshNode member = mesh.start(s -> s, b -> b.tls(memberTls), impostor);

            await().untilAsserted(() -> assertThat(member.state().counters().rejected())
                    .containsKey(Rejection.TLS_HANDSHAKE_FAILED));
            assertThat(member.state().neighbors()).isEmpty();
            assertThat(impostor.state().neighbors()).isEmpty();
            assertThat(member.state().counters().linksEstablished()).isZero();
        }
    }

    private static MeshTls tls(X509Bundle node, X509Bundle trusted) throws Exception {
        return new MeshTls(node.toKeyManagerFactory(), trusted.toTrustManagerFactory());
    }
}
