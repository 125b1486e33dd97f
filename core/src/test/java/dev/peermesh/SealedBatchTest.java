package dev.peermesh;

import dev.peermesh.security.SigningKey;
import dev.peermesh.security.TrustPolicy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sealed messages (one signature over the digests of a run) between real nodes in a line, origin – relay –
 * receiver, the relay tampering with what it forwards inside the sealed runs: reordering and replaying change
 * nothing delivered; a backlog sealed in groups under one signature arrives whole; messages whose seal never comes
 * are never delivered, and are reported lost within the repair window. Altering is {@link SignedMeshTest}'s first
 * case, which runs sealed by default.
 */
class SealedBatchTest {

    private final List<SigningKey> keys = List.of(SigningKey.generateEd25519(), SigningKey.generateEd25519(),
            SigningKey.generateEd25519());

    private final TrustPolicy trust = TrustPolicy.keys(keys.stream().map(SigningKey::publicKey).toList());

    @Test
    void aRelayThatReordersAndReplaysSealedRunsChangesNothingThatIsDelivered() {
        DataFrameTap tap = DataFrameTap.reorderingAndReplaying();
        try (TestMesh mesh = new TestMesh("sealed")) {
            MeshNode[] line = line(mesh, tap, s -> s);
            MeshNode origin = line[0];
            MeshNode relay = line[1];
            MeshNode receiver = line[2];

            List<MessageId> published = IntStream.range(0, 300)
                    .mapToObj(i -> origin.publish("t", ("m" + i).getBytes(StandardCharsets.UTF_8), Map.of()))
                    .toList();

            await().until(() -> mesh.messages(receiver).size() == published.size());
            assertThat(mesh.messages(receiver)).extracting(MeshMessage::id).containsExactlyElementsOf(published);
            assertThat(receiver.state().counters().forged()).isZero();
            assertThat(TestMesh.neighborIds(receiver)).containsExactly(relay.nodeId());
            assertThat(receiver.state().counters().duplicates()).as("the replayed copies").isPositive();
        }
    }

    @Test
    void aBacklogSealedInGroupsUnderOneSignatureIsDeliveredWholeThroughARelay() {
        DataFrameTap tap = DataFrameTap.passing();
        try (TestMesh mesh = new TestMesh("sealed")) {
            MeshNode[] line = line(mesh, tap, s -> s);
            MeshNode origin = line[0];
            MeshNode receiver = line[2];

            // published faster than the origin's loop seals and sends them: a backlog builds between seals
            List<MessageId> published = IntStream.range(0, 20_000)
                    .mapToObj(i -> origin.publish("t", ("m" + i).getBytes(StandardCharsets.UTF_8), Map.of()))
                    .toList();

            await().atMost(Duration.ofSeconds(30)).until(() -> mesh.messages(receiver).size() == published.size());
            assertThat(mesh.messages(receiver)).extracting(MeshMessage::id).containsExactlyElementsOf(published);
            assertThat(tap.largestSealGroup()).as("seals the relay passed on in groups").isGreaterThan(1);
            assertThat(receiver.state().counters().forged()).isZero();
            assertThat(receiver.state().counters().unknownOrigin()).isZero();
        }
    }

    @Test
    void messagesWhoseSealNeverComesAreNotDeliveredAndAreReportedLostWithinTheRepairWindow() {
        DataFrameTap tap = DataFrameTap.droppingSealsStartingAt(2);
        Set<MessageId> lost = ConcurrentHashMap.newKeySet();
        try (TestMesh mesh = new TestMesh("sealed")) {
            MeshNode[] line = line(mesh, tap, s -> s.repairWindow(Duration.ofSeconds(2)));
            MeshNode origin = line[0];
            MeshNode relay = line[1];
            MeshNode receiver = line[2];
            receiver.addListener(new MeshListener() {
                @Override
                public void messageLost(MessageId id, String reason) {
                    lost.add(id);
                }
            });
            MessageId first = publish(origin, "sealed and delivered");
            await().until(() -> mesh.messages(receiver).size() == 1);

            MessageId unsealed = publish(origin, "its seal never comes");
            await().until(() -> tap.sealsDropped() > 0);
            long start = System.nanoTime();
            List<MessageId> later = IntStream.range(0, 10).mapToObj(i -> publish(origin, "m" + i)).toList();

            await().atMost(Duration.ofSeconds(10)).until(() -> lost.contains(unsealed));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("reported within the repair window and a "
                    + "second").isLessThan(Duration.ofSeconds(3));
            await().until(() -> mesh.messages(receiver).size() == 1 + later.size());
            assertThat(mesh.messages(receiver)).extracting(MeshMessage::id).first().isEqualTo(first);
            assertThat(mesh.messages(receiver)).extracting(MeshMessage::id).doesNotContain(unsealed)
                    .containsAll(later);
            assertThat(lost).containsExactly(unsealed);
            assertThat(receiver.state().counters().unknownOrigin()).as("the first message, unverifiable each time")
                    .isPositive();
            assertThat(receiver.state().counters().forged()).isZero();
            assertThat(TestMesh.neighborIds(receiver)).as("an unsealed message proves no forgery")
                    .containsExactly(relay.nodeId());
        }
    }

    private static MessageId publish(MeshNode origin, String text) {
        return origin.publish("t", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** Origin – relay – receiver, each trusting the three keys; the relay's links go through {@code tap}. */
    private MeshNode[] line(TestMesh mesh, DataFrameTap tap, UnaryOperator<MeshSettings.Builder> settings) {
        MeshNode origin = mesh.start(s -> settings.apply(ends(s)), signing(keys.get(0), null));
        MeshNode relay = mesh.start(s -> settings.apply(s.neighbors(1, 2, 2).joinWalkLength(0)
                .shuffleInterval(Duration.ofMinutes(10))), signing(keys.get(1), tap), origin);
        MeshNode receiver = mesh.start(s -> settings.apply(ends(s)), signing(keys.get(2), null), relay);
        await().until(() -> TestMesh.neighborIds(relay).equals(Set.of(origin.nodeId(), receiver.nodeId())));
        return new MeshNode[] { origin, relay, receiver };
    }

    private static MeshSettings.Builder ends(MeshSettings.Builder settings) {
        return settings.neighbors(1, 1, 1).joinWalkLength(0).shuffleInterval(Duration.ofMinutes(10));
    }

    private UnaryOperator<MeshNode.Builder> signing(SigningKey key, DataFrameTap tap) {
        return builder -> {
            builder.signingKey(key).trust(trust);
            if (tap != null) {
                builder.linkExtension(tap::install);
            }
            return builder;
        };
    }
}
