package dev.peermesh.protocol;

import dev.peermesh.MeshSettings;
import dev.peermesh.PeerAddress;
import dev.peermesh.PropagationFilter;
import dev.peermesh.Rejection;
import dev.peermesh.dissemination.DuplicateCache;
import dev.peermesh.dissemination.Flooding;
import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.protocol.InMemoryMesh.Node;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Reason;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A peer that cannot be linked is dialled once per step of a cooldown that doubles while the failures repeat
 * ({@code dial-backoff.initial} 6 s = 3 ticks of 2 s, then 6, 12 ticks ...), whichever side found the fault and
 * whatever it was; a link that is established forgets the failures.
 */
class MeshProtocolBackoffTest {

    private static final MeshKey KEY = MeshKey.derive(InMemoryMesh.MESH_ID, "s3cret!Pass");

    private static final MeshKey WRONG_PASSWORD = MeshKey.derive(InMemoryMesh.MESH_ID, "not-the-password");

    private static final PeerAddress PEER = new PeerAddress("10.7.0.1", 7400);

    /** Ticks at which a peer that always fails is dialled, with the default 6 s to 2 min backoff and 2 s ticks. */
    private static final List<Integer> DOUBLING_STEPS = List.of(0, 3, 9, 21, 45);

    private final InMemoryMesh mesh = new InMemoryMesh(KEY);

    @Test
    void dialerThatFindsTheResponderProofWrongDialsItOncePerCooldownStep() {
        Node good = mesh.node(1);
        Node wrong = mesh.node(2, InMemoryMesh.settings().build(), WRONG_PASSWORD);
        mesh.start(good, wrong);

        List<Integer> dialledAt = new ArrayList<>();
        for (int tick = 0; tick <= 45; tick++) {
            int before = wrong.actions.dials.size();
            if (tick > 0) {
                mesh.tick(wrong);
            }
            mesh.resolved(wrong, good); // the resolver keeps naming the peer
            if (wrong.actions.dials.size() > before) {
                dialledAt.add(tick);
            }
        }

        assertThat(dialledAt).isEqualTo(DOUBLING_STEPS);
        assertThat(wrong.state().counters().dials()).isEqualTo(DOUBLING_STEPS.size());
        assertThat(wrong.state().counters().rejected()).containsEntry(Rejection.AUTHENTICATION_FAILED, 5L);
    }

    @Test
    void responderWhoseProofIsRefusedCountsTheFailedAuthentication() {
        Node good = mesh.node(1);
        Node wrong = mesh.node(2, InMemoryMesh.settings().build(), WRONG_PASSWORD);
        mesh.start(good, wrong);

        mesh.resolved(wrong, good);

        assertThat(good.state().counters().rejected()).containsEntry(Rejection.AUTHENTICATION_FAILED, 1L);
        assertThat(good.actions.rejections).containsExactly(Rejection.AUTHENTICATION_FAILED);
    }

    @Test
    void dialerRefusedForAnotherMeshCountsIt() {
        Node a = mesh.node(1);
        Node b = mesh.node(2, MeshSettings.builder("other-mesh").build(), MeshKey.derive("other-mesh", null));
        mesh.start(a, b);

        mesh.resolved(b, a);

        assertThat(b.state().counters().rejected()).containsEntry(Rejection.WRONG_MESH, 1L);
        assertThat(a.state().counters().rejected()).containsEntry(Rejection.WRONG_MESH, 1L);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("TCP dial failed", (BiConsumer<MeshProtocol, Long>) (p, link) ->
                        p.onDialFailed(PEER, "Connection refused")),
                Arguments.of("handshake timed out", (BiConsumer<MeshProtocol, Long>) (p, link) -> {
                    p.onLinkOpened(link, PEER);
                    p.onTimer(new Timer(Timer.Kind.HANDSHAKE_TIMEOUT, link));
                }),
                Arguments.of("TLS handshake failed", (BiConsumer<MeshProtocol, Long>) (p, link) -> {
                    p.onLinkOpened(link, PEER);
                    p.onTlsFailure(link, "no trusted certificate");
                }),
                Arguments.of("REFUSE wrong mesh received", (BiConsumer<MeshProtocol, Long>) (p, link) -> {
                    p.onLinkOpened(link, PEER);
                    p.onFrame(link, new Frame.Refuse(Reason.WRONG_MESH, "this node belongs to mesh 'x'", List.of()));
                }),
                Arguments.of("REFUSE busy received", (BiConsumer<MeshProtocol, Long>) (p, link) -> {
                    p.onLinkOpened(link, PEER);
                    p.onFrame(link, new Frame.Refuse(Reason.BUSY, "full", List.of()));
                }),
                Arguments.of("closed during the handshake", (BiConsumer<MeshProtocol, Long>) (p, link) -> {
                    p.onLinkOpened(link, PEER);
                    p.onLinkClosed(link);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void everyWayADialFailsGoesThroughTheSameGrowingCooldown(String name, BiConsumer<MeshProtocol, Long> fail) {
        RecordingActions actions = new RecordingActions();
        MeshProtocol protocol = protocol(actions, InMemoryMesh.settings().build());
        protocol.start();

        long[] link = {100};
        List<Integer> dialledAt = ticksDialled(protocol, actions, 45, () -> {
            fail.accept(protocol, link[0]);
            protocol.onLinkClosed(link[0]++); // the driver confirms what the protocol closed
        });

        assertThat(dialledAt).isEqualTo(DOUBLING_STEPS);
    }

    @Test
    void backoffFollowsItsSettingsAndStopsGrowingAtItsMaximum() {
        RecordingActions actions = new RecordingActions();
        MeshProtocol protocol = protocol(actions, InMemoryMesh.settings().maintenanceInterval(Duration.ofSeconds(1))
                .dialBackoff(Duration.ofSeconds(2), Duration.ofSeconds(5)).build());
        protocol.start();

        List<Integer> dialledAt = ticksDialled(protocol, actions, 20,
                () -> protocol.onDialFailed(PEER, "Connection refused"));

        assertThat(dialledAt).as("held 2, 4, then 5, 5 ticks").containsExactly(0, 2, 6, 11, 16);
    }

    @Test
    void linkEstablishedWithTheAddressResetsItsCooldown() {
        Node node = mesh.node(100, 1, 1, 7);
        Node peer = mesh.node(1);
        mesh.start(node, peer);
        for (int i = 0; i < 3; i++) { // three failures in a row: the next hold would be 24 ticks
            node.protocol.onDialFailed(peer.address, "Connection refused");
        }
        for (int tick = 0; tick < 12; tick++) {
            mesh.tick(node);
        }
        mesh.resolved(node, peer);
        assertThat(node.neighborIds()).containsExactly(peer.id);

        mesh.kill(peer);
        mesh.tick(node);
        Node back = mesh.node(1);
        mesh.start(back);
        mesh.tick(node);
        mesh.tick(node);
        mesh.tick(node);
        mesh.resolved(node, back);

        assertThat(node.neighborIds()).as("held one initial step (3 ticks), not 24").containsExactly(back.id);
    }

    private static MeshProtocol protocol(RecordingActions actions, MeshSettings settings) {
        return new MeshProtocol(settings, 100, new PeerAddress("10.0.0.100", 7400), KEY, new Random(100), actions,
                sink -> new Flooding(new DuplicateCache(100, 100), PropagationFilter.ALL, sink));
    }

    /**
     * Runs maintenance ticks 0 to {@code lastTick}, the resolver naming {@link #PEER} on each, and fails every dial
     * with {@code failTheDial}: the ticks at which the peer was dialled.
     */
    private static List<Integer> ticksDialled(MeshProtocol protocol, RecordingActions actions, int lastTick,
            Runnable failTheDial) {
        List<Integer> dialledAt = new ArrayList<>();
        for (int tick = 0; tick <= lastTick; tick++) {
            int before = actions.dials.size();
            if (tick > 0) {
                protocol.onTimer(Timer.MAINTENANCE);
            }
            protocol.onResolved(List.of(PEER));
            if (actions.dials.size() > before) {
                dialledAt.add(tick);
                failTheDial.run();
            }
        }
        return dialledAt;
    }
}
