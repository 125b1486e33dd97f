package dev.peermesh;

import dev.peermesh.security.Certificates;
import dev.peermesh.security.SigningKey;
import dev.peermesh.security.TrustPolicy;
import io.netty.pkitesting.X509Bundle;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Signed messages between real nodes over loopback TCP: a relay that alters them is cut off and no node delivers
 * what it altered, an origin outside the trusted set is refused, and certificate keys from the SSL material sign
 * and verify over TLS.
 */
class SignedMeshTest {

    private static final byte[] GENUINE = "pay 10 to bob".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest(name = "sealed: {0}")
    @ValueSource(booleans = { true, false })
    void aRelayThatAltersSignedMessagesIsCutOffAndTheGenuineCopyArrivesOnAnotherPath(boolean sealed) {
        // origin – relay – receiver and origin – honest – receiver: the relay flips a payload byte of every message
        // it forwards; the honest node holds its copies back until the receiver has dealt with the altered one.
        List<SigningKey> keys = List.of(SigningKey.generateEd25519(), SigningKey.generateEd25519(),
                SigningKey.generateEd25519(), SigningKey.generateEd25519());
        TrustPolicy trust = TrustPolicy.keys(keys.stream().map(SigningKey::publicKey).toList());
        DataFrameTap tampering = DataFrameTap.altering();
        DataFrameTap slow = DataFrameTap.holding();
        Set<CloseReason> relayLost = ConcurrentHashMap.newKeySet();
        try (TestMesh mesh = new TestMesh("signed")) {
            MeshNode origin = mesh.start(sealing(square(2), sealed), signing(keys.get(0), trust, null));
            MeshNode relay = mesh.start(sealing(square(1), sealed), signing(keys.get(1), trust, tampering), origin);
            await().until(() -> TestMesh.neighborIds(origin).contains(relay.nodeId()));
            MeshNode honest = mesh.start(sealing(square(1), sealed), signing(keys.get(2), trust, slow), origin);
            await().until(() -> TestMesh.neighborIds(origin).contains(honest.nodeId()));
            MeshNode receiver = mesh.start(sealing(square(2), sealed), signing(keys.get(3), trust, null), relay,
                    honest);
            await().until(() -> TestMesh.neighborIds(receiver).equals(Set.of(relay.nodeId(), honest.nodeId())));
            relay.addListener(new MeshListener() {
                @Override
                public void neighborDown(Neighbor neighbor, CloseReason reason, String detail) {
                    relayLost.add(reason);
                }
            });

            MessageId id = origin.publish("payments", GENUINE, Map.of("k", "v"));

            await().until(() -> receiver.state().counters().forged() == 1);
            assertThat(tampering.altered()).isPositive();
            assertThat(receiver.state().counters().linksClosed()).containsEntry(CloseReason.FORGED_MESSAGE, 1L);
            await().until(() -> relayLost.contains(CloseReason.FORGED_MESSAGE));
            assertThat(TestMesh.neighborIds(receiver)).doesNotContain(relay.nodeId());
            assertThat(mesh.messages(receiver)).isEmpty();
            // the honest node's copy, and the answer to the pull the receiver sent it once the relay was cut off
            // (the announcer of the message gone, another neighbor is asked): both held, neither delivered yet
            assertThat(slow.held()).isBetween(1, 2);

            slow.release();

            await().until(() -> !mesh.messages(receiver).isEmpty());
            assertThat(mesh.messages(receiver)).singleElement().satisfies(message -> {
                assertThat(message.id()).isEqualTo(id);
                assertThat(message.payload()).isEqualTo(GENUINE);
            });
            for (MeshNode node : mesh.nodes()) {
                assertThat(mesh.messages(node)).as("what %s delivered", NodeId.format(node.nodeId()))
                        .allSatisfy(message -> assertThat(message.payload()).isEqualTo(GENUINE));
            }
        }
    }

    @Test
    void aMemberWhoseKeyIsNotTrustedIsCutOffAndItsMessagesAreNotDelivered() {
        SigningKey member = SigningKey.generateEd25519();
        SigningKey intruder = SigningKey.generateEd25519();
        TrustPolicy trust = TrustPolicy.keys(List.of(member.publicKey()));
        try (TestMesh mesh = new TestMesh("signed-untrusted")) {
            MeshNode a = mesh.start(s -> s, b -> b.signingKey(member).trust(trust));
            // knows the mesh password, signs with a key of its own
            MeshNode stranger = mesh.start(s -> s, b -> b.signingKey(intruder).trust(trust), a);
            await().until(() -> TestMesh.neighborIds(a).contains(stranger.nodeId()));

            stranger.publish("payments", GENUINE, Map.of());

            await().until(() -> a.state().counters().forged() == 1);
            assertThat(a.state().counters().linksClosed()).containsEntry(CloseReason.FORGED_MESSAGE, 1L);
            assertThat(mesh.messages(a)).isEmpty();
        }
    }

    @Test
    void nodesSignWithTheirTlsCertificatesAndVerifyThemAgainstTheMeshCa() throws Exception {
        X509Bundle ca = Certificates.authority("CN=signed mesh CA");
        X509Bundle certA = Certificates.node(ca, "CN=node-a");
        X509Bundle certB = Certificates.node(ca, "CN=node-b");
        TrustPolicy trust = TrustPolicy.ca(ca.toTrustManagerFactory());
        MeshTls tlsA = tls(certA, ca);
        MeshTls tlsB = tls(certB, ca);
        try (TestMesh mesh = new TestMesh("signed-tls")) {
            MeshNode a = mesh.start(s -> s, b -> b.tls(tlsA).signingKey(Certificates.signingKey(certA)).trust(trust));
            MeshNode b = mesh.start(s -> s, builder -> builder.tls(tlsB)
                    .signingKey(Certificates.signingKey(certB)).trust(trust), a);
            await().until(() -> TestMesh.neighborIds(a).contains(b.nodeId()));

            b.publish("payments", GENUINE, Map.of());
            a.publish("payments", GENUINE, Map.of());

            await().until(() -> mesh.delivered(a, "payments") && mesh.messages(a).size() == 2
                    && mesh.messages(b).size() == 2);
            assertThat(a.state().counters().forged()).isZero();
            assertThat(b.state().counters().forged()).isZero();
        }
    }

    @Test
    void aNodeThatVerifiesMustSignToo() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MeshNode.builder(TestMesh.settings("m").build())
                .trust(TrustPolicy.keys(List.of(SigningKey.generateEd25519().publicKey()))).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must sign its own messages too");
    }

    @Test
    void aSignedMessageTooLargeWithItsSignatureIsRefusedAtOnce() {
        MeshNode node = MeshNode.builder(TestMesh.settings("m").frameLimits(
                FrameLimits.defaults().withMaxFrameLength(32 * 1024)).build())
                .signingKey(SigningKey.generateEd25519()).build();
        byte[] fitsUnsigned = new byte[32 * 1024 - 2 - 8 - 8 - 2 - 2 - 2 - 1 - 2 - 2 - 4];

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> node.publish("t", fitsUnsigned, Map.of()))
                .isInstanceOf(PublishRejectedException.class)
                .hasMessageContaining("signature up to 64");
    }

    /** Neighbor bounds that keep the test's square a square: no join walks, no shuffles to learn of others. */
    private static UnaryOperator<MeshSettings.Builder> square(int ideal) {
        return s -> s.neighbors(1, ideal, 2).joinWalkLength(0).shuffleInterval(Duration.ofMinutes(10))
                .stampSendTime(false);
    }

    private static UnaryOperator<MeshSettings.Builder> sealing(UnaryOperator<MeshSettings.Builder> settings,
            boolean sealed) {
        return s -> settings.apply(s).sealMessages(sealed);
    }

    private static UnaryOperator<MeshNode.Builder> signing(SigningKey key, TrustPolicy trust, DataFrameTap tap) {
        return builder -> {
            builder.signingKey(key).trust(trust);
            if (tap != null) {
                builder.linkExtension(tap::install);
            }
            return builder;
        };
    }

    private static MeshTls tls(X509Bundle node, X509Bundle ca) throws Exception {
        return new MeshTls(node.toKeyManagerFactory(), ca.toTrustManagerFactory());
    }
}
