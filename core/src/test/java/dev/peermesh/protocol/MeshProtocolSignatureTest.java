package dev.peermesh.protocol;

import dev.peermesh.CloseReason;
import dev.peermesh.DisseminationMode;
import dev.peermesh.MeshSettings;
import dev.peermesh.PropagationFilter;
import dev.peermesh.dissemination.Disseminations;
import dev.peermesh.protocol.InMemoryMesh.Node;
import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.security.OriginIdentity;
import dev.peermesh.security.OriginKeys;
import dev.peermesh.security.SigningKey;
import dev.peermesh.security.TrustPolicy;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.FrameType;
import dev.peermesh.wire.Reason;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed messages through {@link MeshProtocol} neighbor links: keys go ahead of each origin's first message on
 * every link, every node checks every new message before it delivers or forwards it, and a relay that alters one is
 * cut off without any node delivering the altered copy.
 */
class MeshProtocolSignatureTest {

    private static final MeshKey KEY = MeshKey.derive(InMemoryMesh.MESH_ID, "s3cret!Pass");

    private static final byte[] GENUINE = "pay 10 to bob".getBytes(StandardCharsets.UTF_8);

    private final InMemoryMesh mesh = new InMemoryMesh(KEY);

    private final Map<Node, OriginIdentity> identities = new HashMap<>();

    private final Set<Long> usedAddresses = new HashSet<>();

    private final Map<Node, Long> sequences = new HashMap<>();

    @Test
    void aSignedMessageReachesTheEndOfALineWithItsOriginsKeyAheadOfItOnEveryLink() {
        List<Node> line = line(DisseminationMode.FLOOD, 4);

        publish(line.get(0), "orders", GENUINE);
        publish(line.get(0), "orders", GENUINE);

        for (Node node : line.subList(1, 4)) {
            assertThat(node.actions.deliveries).hasSize(2)
                    .allSatisfy(m -> assertThat(m.payload()).isEqualTo(GENUINE));
            assertThat(node.state().counters().forged()).isZero();
        }
        Node relay = line.get(1);
        long toNext = mesh.openLinks(relay, line.get(2)).get(0);
        assertThat(relay.actions.sentOn(toNext))
                .filteredOn(f -> f instanceof Frame.OriginKey || f instanceof Frame.Data)
                .extracting(Frame::type).containsExactly(FrameType.ORIGIN_KEY, FrameType.DATA, FrameType.DATA);
        assertThat(relay.actions.sentOfType(Frame.OriginKey.class)).as("one key per origin per link").hasSize(1);
    }

    @Test
    void aRelayThatAltersAMessageIsCutOffAndNoReceiverDeliversTheAlteredCopy() {
        List<Node> line = line(DisseminationMode.TREE, 3);
        Node origin = line.get(0);
        Node relay = line.get(1);
        Node receiver = line.get(2);
        mesh.tamper(relay, alterPayload());

        publish(origin, "orders", GENUINE);

        assertThat(relay.actions.deliveries).hasSize(1); // it got the genuine one
        assertThat(receiver.actions.deliveries).isEmpty();
        assertThat(receiver.state().counters().forged()).isEqualTo(1);
        assertThat(receiver.state().counters().linksClosed()).containsEntry(CloseReason.FORGED_MESSAGE, 1L);
        assertThat(receiver.neighborIds()).doesNotContain(relay.id);
        assertThat(receiver.actions.eventsOfType(MeshEvent.MessageRejected.class)).singleElement()
                .satisfies(rejected -> {
                    assertThat(rejected.forged()).isTrue();
                    assertThat(rejected.from().nodeId()).isEqualTo(relay.id);
                    assertThat(rejected.detail()).contains("does not verify");
                });
        assertThat(relay.actions.eventsOfType(MeshEvent.NeighborDown.class))
                .anySatisfy(down -> assertThat(down.reason()).isEqualTo(Reason.FORGED_MESSAGE));
    }

    @Test
    void theGenuineCopyStillArrivesOnAnotherPathAfterTheAlteredOneWasDropped() {
        // origin – relay – receiver and origin – honest – receiver; the honest copy comes last
        Node origin = node(DisseminationMode.TREE, 1, 2, 2);
        Node relay = node(DisseminationMode.TREE, 1, 2, 2);
        Node honest = node(DisseminationMode.TREE, 1, 2, 2);
        Node receiver = node(DisseminationMode.TREE, 1, 2, 2);
        mesh.start(origin, relay, honest, receiver);
        mesh.resolved(relay, origin);
        mesh.resolved(honest, origin);
        mesh.resolved(receiver, relay, honest);
        assertThat(receiver.neighborIds()).containsExactlyInAnyOrder(relay.id, honest.id);
        assertThat(origin.neighborIds()).containsExactlyInAnyOrder(relay.id, honest.id);
        mesh.tamper(relay, alterPayload());
        long fromHonest = mesh.openLinks(receiver, honest).get(0);
        mesh.hold(fromHonest);

        publish(origin, "orders", GENUINE);
        assertThat(receiver.state().counters().forged()).isEqualTo(1);
        assertThat(receiver.actions.deliveries).isEmpty();
        mesh.release(fromHonest);
        mesh.fireDisseminationTimers(2_000); // off the receiver's tree, honest announced it: the receiver pulls it

        assertThat(receiver.actions.deliveries).singleElement()
                .satisfies(m -> assertThat(m.payload()).isEqualTo(GENUINE));
        assertThat(receiver.neighborIds()).contains(honest.id).doesNotContain(relay.id);
    }

    @Test
    void anUnsignedMessageIsRefusedWhereSignaturesAreRequired() {
        List<Node> line = line(DisseminationMode.FLOOD, 2);

        line.get(0).protocol.publish(1, "orders", Map.of(), GENUINE, 0);
        mesh.pump();

        assertThat(line.get(1).actions.deliveries).isEmpty();
        assertThat(line.get(1).actions.eventsOfType(MeshEvent.MessageRejected.class)).singleElement()
                .satisfies(r -> assertThat(r.detail()).contains("is not signed"));
        assertThat(line.get(1).neighborIds()).isEmpty();
    }

    @Test
    void aKeySentForAnotherOriginClosesTheLink() {
        List<Node> line = line(DisseminationMode.FLOOD, 3);
        Node origin = line.get(0);
        Node relay = line.get(1);
        OriginIdentity relayId = identities.get(relay);
        // The relay claims the origin's id with its own (trusted) key.
        mesh.tamper(relay, frame -> frame instanceof Frame.OriginKey key && key.origin() == origin.id
                ? new Frame.OriginKey(origin.id, relayId.credential().salt(), key.kind(),
                        relayId.credential().encoded())
                : frame);

        publish(origin, "orders", GENUINE);

        Node receiver = line.get(2);
        assertThat(receiver.actions.deliveries).isEmpty();
        assertThat(receiver.actions.eventsOfType(MeshEvent.MessageRejected.class)).first()
                .satisfies(r -> assertThat(r.detail()).contains("is not that origin's"));
        assertThat(receiver.state().counters().linksClosed()).containsEntry(CloseReason.FORGED_MESSAGE, 1L);
    }

    @Test
    void aMessageWhoseKeyNeverCameIsDroppedButTheLinkStays() {
        List<Node> line = line(DisseminationMode.FLOOD, 3);
        mesh.tamper(line.get(1), frame -> frame instanceof Frame.OriginKey ? new Frame.Ping(0) : frame);

        publish(line.get(0), "orders", GENUINE);

        Node receiver = line.get(2);
        assertThat(receiver.actions.deliveries).isEmpty();
        assertThat(receiver.state().counters().unknownOrigin()).isEqualTo(1);
        assertThat(receiver.state().counters().forged()).isZero();
        assertThat(receiver.neighborIds()).contains(line.get(1).id);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static UnaryOperator<Frame> alterPayload() {
        return frame -> frame instanceof Frame.Data d
                ? new Frame.Data(d.origin(), d.sequence(), d.hops(), d.hopLimit(), d.topic(), d.headers(),
                        "pay 1000 to mallory".getBytes(StandardCharsets.UTF_8), d.signature())
                : frame;
    }

    private void publish(Node node, String topic, byte[] payload) {
        long sequence = sequences.merge(node, 1L, Long::sum);
        OriginIdentity identity = identities.get(node);
        node.protocol.publish(sequence, topic, Map.of("k", "v"), payload, 0,
                identity.sign(InMemoryMesh.MESH_ID, sequence, 0, topic, Map.of("k", "v"), payload));
        mesh.pump();
        mesh.fireDisseminationTimers(5_000);
    }

    /** A line n0 – n1 – … of signing nodes that trust one another's keys. */
    private List<Node> line(DisseminationMode mode, int length) {
        List<Node> line = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            Node node = node(mode, 1, 1, 7);
            mesh.start(node);
            if (!line.isEmpty()) {
                mesh.resolved(node, line.get(line.size() - 1));
            }
            line.add(node);
        }
        for (int i = 1; i < length; i++) {
            assertThat(line.get(i).neighborIds()).contains(line.get(i - 1).id);
        }
        return line;
    }

    private final List<SigningKey> keys = keys(5);

    private final TrustPolicy trust = TrustPolicy.keys(keys.stream().map(SigningKey::publicKey).toList());

    private static List<SigningKey> keys(int count) {
        List<SigningKey> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(SigningKey.generateEd25519());
        }
        return keys;
    }

    private Node node(DisseminationMode mode, int min, int ideal, int max) {
        SigningKey key = keys.get(identities.size());
        OriginIdentity identity;
        do {
            identity = OriginIdentity.create(key, new SecureRandom());
        }
        while (!usedAddresses.add(identity.nodeId() & 0xFFFF)); // the in-memory address is made of the low bits
        MeshSettings settings = InMemoryMesh.settings().neighbors(min, ideal, max).dissemination(mode).build();
        Node node = mesh.node(identity.nodeId(), settings, KEY, Disseminations.of(settings, PropagationFilter.ALL),
                new OriginKeys(InMemoryMesh.MESH_ID, trust, 100, identity));
        identities.put(node, identity);
        return node;
    }
}
