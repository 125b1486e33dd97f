package dev.peermesh.protocol;

import dev.peermesh.MeshSettings;
import dev.peermesh.PeerAddress;
import dev.peermesh.PropagationFilter;
import dev.peermesh.Rejection;
import dev.peermesh.dissemination.DuplicateCache;
import dev.peermesh.dissemination.Flooding;
import dev.peermesh.protocol.link.HandshakeSide;
import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Reason;
import dev.peermesh.wire.Referral;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a node allows a peer: handshakes per address, frames and referrals per neighbor, its share of the passive
 * view, and no referrals either way before the peer proved the mesh key. Every refusal is counted by reason.
 */
class MeshProtocolLimitsTest {

    private static final MeshKey KEY = MeshKey.derive(InMemoryMesh.MESH_ID, "s3cret!Pass");

    private static final long NODE = 500;

    private final RecordingActions actions = new RecordingActions();

    private MeshProtocol node;

    @Test
    void aNewHandshakeFromAnAddressAtItsLimitEndsThatAddresssOldestUnfinishedOne() {
        start(s -> s.maxPendingHandshakesPerAddress(2));
        node.onLinkOpened(1, null, "10.6.6.6");
        node.onLinkOpened(2, null, "10.6.6.6");

        node.onLinkOpened(3, null, "10.6.6.6");
        node.onLinkOpened(4, null, "10.7.7.7");

        assertThat(actions.lastSentOn(1)).isInstanceOfSatisfying(Frame.Refuse.class, refuse -> {
            assertThat(refuse.reason()).isEqualTo(Reason.TOO_MANY_HANDSHAKES);
            assertThat(refuse.detail()).contains("10.6.6.6").contains("2").contains("oldest");
        });
        assertThat(actions.closed).as("the oldest makes room; the newcomer goes on").containsExactly(1L);
        assertThat(actions.sentOn(3)).isEmpty();
        assertThat(actions.sentOn(4)).isEmpty();
        assertThat(actions.rejections).containsExactly(Rejection.TOO_MANY_HANDSHAKES_FROM_ADDRESS);

        node.onLinkClosed(1);
        assertThat(node.inboundHandshakes("10.6.6.6")).isEqualTo(2);
    }

    @Test
    void aNewHandshakeBeyondTheLimitInAllEndsTheOldestOfTheBusiestAddress() {
        start(s -> s.maxPendingHandshakes(3).maxPendingHandshakesPerAddress(3));
        node.onLinkOpened(1, null, "10.7.7.7");
        node.onLinkOpened(2, null, "10.6.6.6");
        node.onLinkOpened(3, null, "10.6.6.6");

        node.onLinkOpened(4, null, "10.8.8.8");

        assertThat(actions.closed).as("10.6.6.6 holds the most: its oldest makes room").containsExactly(2L);
        assertThat(actions.rejections).containsExactly(Rejection.TOO_MANY_HANDSHAKES);
        node.onLinkClosed(2);
        assertThat(node.inboundHandshakes(null)).isEqualTo(3);
    }

    @Test
    void neighborWithinItsFrameRateKeepsItsLinkAndOneBeyondItsBurstLosesIt() {
        start(s -> s.linkFrameRate(10, 20));
        long link = neighbor(1, 41);

        ping(link, 20);
        tick();
        ping(link, 10);
        assertThat(actions.closed).isEmpty();
        assertThat(actions.sentOfType(Frame.Pong.class)).hasSize(30);

        ping(link, 1);

        assertThat(actions.lastSentOn(link)).isInstanceOfSatisfying(Frame.Disconnect.class, disconnect -> {
            assertThat(disconnect.reason()).isEqualTo(Reason.RATE_LIMITED);
            assertThat(disconnect.detail()).contains("10 frames per second");
        });
        assertThat(actions.closed).containsExactly(link);
        assertThat(rejected(Rejection.FRAME_RATE)).isEqualTo(1);
    }

    @Test
    void shufflesBeyondTheReferralBudgetAreNeitherAnsweredNorRemembered() {
        start(s -> s.referralRate(1, 10).passiveViewPeersPerNeighbor(30));
        long link = neighbor(1, 41);
        int before = passiveViewSize();

        node.onFrame(link, new Frame.Shuffle(fakes(100, 10)));
        node.onFrame(link, new Frame.Shuffle(fakes(200, 5)));

        assertThat(actions.sentOfType(Frame.ShuffleReply.class)).hasSize(1);
        assertThat(passiveViewSize()).isEqualTo(before + 10);
        assertThat(rejected(Rejection.REFERRAL_RATE)).isEqualTo(1);

        for (int i = 0; i < 5; i++) {
            tick();
        }
        node.onFrame(link, new Frame.Shuffle(fakes(300, 5)));
        assertThat(actions.sentOfType(Frame.ShuffleReply.class)).as("refilled by ticks").hasSize(2);
        assertThat(passiveViewSize()).isEqualTo(before + 15);
    }

    /**
     * A FORWARD_JOIN costs its sender one referral: one beyond the budget is dropped whole, its joiner neither
     * dialled, passed on, nor remembered.
     */
    @Test
    void forwardJoinsBeyondTheReferralBudgetAreNeitherActedOnNorRemembered() {
        start(s -> s.referralRate(1, 10).passiveViewPeersPerNeighbor(30).joinWalkLength(6).neighbors(1, 2, 12));
        long link = neighbor(1, 41);
        long other = neighbor(2, 42);
        int before = passiveViewSize();
        List<Referral> joiners = fakes(100, 13);

        // within the budget of 10: five walks halfway (remembered and passed on), five at their end (dialled)
        for (int i = 0; i < 10; i++) {
            node.onFrame(link, new Frame.ForwardJoin(joiners.get(i), i < 5 ? 3 : 0));
        }
        // beyond it: one of each kind
        node.onFrame(link, new Frame.ForwardJoin(joiners.get(10), 3));
        node.onFrame(link, new Frame.ForwardJoin(joiners.get(11), 0));

        assertThat(actions.sentOn(other)).filteredOn(Frame.ForwardJoin.class::isInstance)
                .extracting(walk -> ((Frame.ForwardJoin) walk).joiner())
                .containsExactlyElementsOf(joiners.subList(0, 5));
        assertThat(actions.dials).containsExactlyElementsOf(joiners.subList(5, 10).stream().map(Referral::address)
                .toList());
        assertThat(passiveViewSize()).isEqualTo(before + 5);
        assertThat(rejected(Rejection.REFERRAL_RATE)).isEqualTo(2);
        assertThat(actions.closed).as("over budget costs the walk, not the link").isEmpty();

        tick();
        node.onFrame(link, new Frame.ForwardJoin(joiners.get(12), 0));
        assertThat(actions.dials).as("refilled by a tick").endsWith(joiners.get(12).address());
    }

    @Test
    void neighborCannotFillThePassiveViewWithPeersOnlyItNames() {
        start(s -> s.referralRate(1_000, 1_000).passiveViewPeersPerNeighbor(4));
        long liar = neighbor(1, 41);
        int before = passiveViewSize();

        for (int round = 0; round < 3; round++) {
            node.onFrame(liar, new Frame.Shuffle(fakes(100 + 10 * round, 10)));
        }

        assertThat(passiveViewSize()).isEqualTo(before + 4);
        assertThat(rejected(Rejection.PASSIVE_VIEW_SHARE)).isEqualTo(26);
    }

    @Test
    void shuffleReplyCountsOnlyAsTheAnswerToAShuffleThisNodeSent() {
        start(s -> s.shuffleInterval(Duration.ofSeconds(1)).passiveViewPeersPerNeighbor(30));
        long link = neighbor(1, 41);
        int before = passiveViewSize();

        node.onFrame(link, new Frame.ShuffleReply(fakes(100, 5)));
        assertThat(passiveViewSize()).isEqualTo(before);
        assertThat(rejected(Rejection.UNSOLICITED_REFERRALS)).isEqualTo(1);

        tick();
        assertThat(actions.sentOfType(Frame.Shuffle.class)).hasSize(1);
        node.onFrame(link, new Frame.ShuffleReply(fakes(200, 5)));
        node.onFrame(link, new Frame.ShuffleReply(fakes(300, 5)));

        assertThat(passiveViewSize()).isEqualTo(before + 5);
        assertThat(rejected(Rejection.UNSOLICITED_REFERRALS)).isEqualTo(2);
    }

    @Test
    void referralsInARefuseFromAPeerThatProvedNothingAreIgnored() {
        start(s -> s);
        PeerAddress target = new PeerAddress("10.8.8.8", 7400);
        node.onResolved(List.of(target));
        assertThat(actions.dials).contains(target);
        int before = passiveViewSize();
        node.onLinkOpened(9, target, null);

        node.onFrame(9, new Frame.Refuse(Reason.BUSY, "full", fakes(100, 10)));

        assertThat(passiveViewSize()).isEqualTo(before);
        assertThat(rejected(Rejection.UNSOLICITED_REFERRALS)).isEqualTo(1);
    }

    @Test
    void leavingNodeGivesMemberAddressesOnlyToPeersThatProvedTheKey() {
        start(s -> s);
        long first = neighbor(1, 41);
        neighbor(2, 42);
        node.onLinkOpened(3, null, "10.9.9.3");
        node.onFrame(3,
                HandshakeSide.initiator(KEY, 43).hello(InMemoryMesh.MESH_ID, new PeerAddress("10.9.9.3", 7400)));

        node.leave();

        assertThat(actions.lastSentOn(3)).isInstanceOfSatisfying(Frame.Refuse.class, refuse -> {
            assertThat(refuse.reason()).isEqualTo(Reason.LEAVING);
            assertThat(refuse.referrals()).isEmpty();
        });
        assertThat(actions.lastSentOn(first)).isInstanceOfSatisfying(Frame.Disconnect.class,
                disconnect -> assertThat(disconnect.referrals()).extracting(Referral::nodeId).containsExactly(42L));
    }

    @Test
    void everyRejectionIsCountedByItsReasonInTheNodeState() {
        start(s -> s.maxPendingHandshakesPerAddress(1));
        node.onLinkOpened(1, null, "10.6.6.6");
        node.onLinkOpened(2, null, "10.6.6.6"); // ends link 1, the older unfinished handshake of the address
        node.onFrame(2, new Frame.Hello("another-mesh", 41, new PeerAddress("10.6.6.6", 7400), nonce(1)));

        assertThat(node.state(true, 0, 0, 0).counters().rejected()).containsOnly(
                java.util.Map.entry(Rejection.TOO_MANY_HANDSHAKES_FROM_ADDRESS, 1L),
                java.util.Map.entry(Rejection.WRONG_MESH, 1L));
        assertThat(node.state(true, 0, 0, 0).counters().rejectedTotal()).isEqualTo(2);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private void start(UnaryOperator<MeshSettings.Builder> customizer) {
        MeshSettings settings = customizer.apply(InMemoryMesh.settings().maintenanceInterval(Duration.ofSeconds(1)))
                .build();
        node = new MeshProtocol(settings, NODE, new PeerAddress("10.0.0.1", 7400), KEY, new Random(1), actions,
                sink -> new Flooding(new DuplicateCache(100, 100), PropagationFilter.ALL, sink));
        node.start();
    }

    /** Admits an inbound neighbor with id {@code peerId} on {@code link}; returns the link. */
    private long neighbor(long link, long peerId) {
        PeerAddress address = new PeerAddress("10.9.9." + link, 7400);
        node.onLinkOpened(link, null, address.host());
        HandshakeSide side = HandshakeSide.initiator(KEY, peerId);
        node.onFrame(link, side.hello(InMemoryMesh.MESH_ID, address));
        Frame.Challenge challenge = (Frame.Challenge) actions.lastSentOn(link);
        node.onFrame(link, side.auth(challenge));
        assertThat(actions.lastSentOn(link)).isInstanceOf(Frame.Welcome.class);
        return link;
    }

    private void ping(long link, int count) {
        for (int i = 0; i < count; i++) {
            node.onFrame(link, new Frame.Ping(i));
        }
    }

    private void tick() {
        node.onTimer(Timer.MAINTENANCE);
    }

    private int passiveViewSize() {
        return node.state(true, 0, 0, 0).counters().passiveViewSize();
    }

    private long rejected(Rejection reason) {
        return actions.rejections.stream().filter(reason::equals).count();
    }

    private static List<Referral> fakes(int first, int count) {
        List<Referral> fakes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            fakes.add(new Referral(first + i, new PeerAddress("192.0.2." + (first + i) % 250, 9000 + first + i)));
        }
        return fakes;
    }

    private static byte[] nonce(long seed) {
        byte[] nonce = new byte[Frame.NONCE_LENGTH];
        new Random(seed).nextBytes(nonce);
        return nonce;
    }
}
