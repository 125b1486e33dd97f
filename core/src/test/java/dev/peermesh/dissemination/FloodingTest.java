package dev.peermesh.dissemination;

import dev.peermesh.MeshMessage;
import dev.peermesh.MessageId;
import dev.peermesh.Propagation;
import dev.peermesh.PropagationFilter;
import dev.peermesh.wire.Frame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WCF-style flooding: deliver once, forward to every neighbor but the sender, drop duplicates, obey the hop limit
 * and the propagation filter.
 */
class FloodingTest {

    private static final long SELF = 0x5E1FL;

    private static final long ORIGIN = 0x0A1L;

    private final Sink sink = new Sink();

    @Test
    void remoteMessageIsDeliveredOnceAndForwardedToAllButTheSender() {
        Flooding flooding = flooding(PropagationFilter.ALL, 1, 2, 3);

        flooding.receive(2, data(7, 1, 0));

        assertThat(sink.deliveries).singleElement().satisfies(message -> {
            assertThat(message.id()).isEqualTo(new MessageId(ORIGIN, 7));
            assertThat(message.hops()).isEqualTo(1);
        });
        assertThat(sink.sentTo()).containsExactly(1L, 3L);
        assertThat(sink.sent).extracting(s -> s.frame().hops()).containsOnly(2);
        assertThat(flooding.counters().delivered()).isEqualTo(1);
        assertThat(flooding.counters().forwarded()).isEqualTo(2);
    }

    @Test
    void duplicateIsCountedAndDroppedWhicheverLinkItComesOn() {
        Flooding flooding = flooding(PropagationFilter.ALL, 1, 2, 3);
        flooding.receive(2, data(7, 1, 0));
        sink.clear();

        flooding.receive(3, data(7, 2, 0));
        flooding.receive(2, data(7, 1, 0));

        assertThat(sink.deliveries).isEmpty();
        assertThat(sink.sent).isEmpty();
        assertThat(flooding.counters().duplicates()).isEqualTo(2);
        assertThat(flooding.counters().delivered()).isEqualTo(1);
    }

    @Test
    void ownMessageIsDeliveredHereWithZeroHopsAndSentToEveryNeighborWithOneHop() {
        Flooding flooding = flooding(PropagationFilter.ALL, 1, 2);

        flooding.publish(new Frame.Data(SELF, 1, 1, 0, "news", Map.of(), new byte[0]));

        assertThat(sink.deliveries).singleElement().extracting(MeshMessage::hops).isEqualTo(0);
        assertThat(sink.sentTo()).containsExactly(1L, 2L);
        assertThat(sink.sent).extracting(s -> s.frame().hops()).containsOnly(1);
        assertThat(flooding.counters().published()).isEqualTo(1);
    }

    @Test
    void ownMessageComingBackIsADuplicate() {
        Flooding flooding = flooding(PropagationFilter.ALL, 1, 2);
        flooding.publish(new Frame.Data(SELF, 1, 1, 0, "news", Map.of(), new byte[0]));
        sink.clear();

        flooding.receive(2, new Frame.Data(SELF, 1, 3, 0, "news", Map.of(), new byte[0]));

        assertThat(sink.deliveries).isEmpty();
        assertThat(sink.sent).isEmpty();
        assertThat(flooding.counters().duplicates()).isEqualTo(1);
    }

    @Test
    void ownMessageWithoutNeighborsIsCountedUnrouted() {
        Flooding flooding = flooding(PropagationFilter.ALL);

        flooding.publish(new Frame.Data(SELF, 1, 1, 0, "news", Map.of(), new byte[0]));

        assertThat(sink.deliveries).hasSize(1);
        assertThat(flooding.counters().unrouted()).isEqualTo(1);
    }

    @Test
    void neighborDownStopsForwardingOnThatLink() {
        Flooding flooding = flooding(PropagationFilter.ALL, 1, 2, 3);

        flooding.neighborDown(3);
        flooding.receive(1, data(1, 1, 0));

        assertThat(sink.sentTo()).containsExactly(2L);
    }

    // ---- hop limit: hops counts links crossed; the origin sends hops=1; forward only while hops < hopLimit ------

    @Test
    void messageThatCrossedFewerLinksThanItsLimitIsForwarded() {
        Flooding flooding = flooding(PropagationFilter.ALL, 1, 2);

        flooding.receive(1, data(1, 2, 3));

        assertThat(sink.sent).singleElement().satisfies(s -> assertThat(s.frame().hops()).isEqualTo(3));
        assertThat(flooding.counters().hopLimited()).isZero();
    }

    @Test
    void messageThatCrossedAsManyLinksAsItsLimitIsDeliveredButNotForwarded() {
        Flooding flooding = flooding(PropagationFilter.ALL, 1, 2);

        flooding.receive(1, data(1, 3, 3));

        assertThat(sink.deliveries).hasSize(1);
        assertThat(sink.sent).isEmpty();
        assertThat(flooding.counters().hopLimited()).isEqualTo(1);
    }

    @Test
    void hopLimitOfOneReachesOnlyDirectNeighbors() {
        Flooding flooding = flooding(PropagationFilter.ALL, 1, 2);

        flooding.receive(1, data(1, 1, 1));

        assertThat(sink.deliveries).hasSize(1);
        assertThat(sink.sent).isEmpty();
    }

    @Test
    void hopLimitZeroMeansUnlimited() {
        Flooding flooding = flooding(PropagationFilter.ALL, 1, 2);

        flooding.receive(1, data(1, 60_000, 0));

        assertThat(sink.sent).singleElement().satisfies(s -> assertThat(s.frame().hops()).isEqualTo(60_001));
        assertThat(flooding.counters().hopLimited()).isZero();
    }

    // ---- propagation filter -----------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Propagation.class)
    void propagationFilterDecidesForOwnMessages(Propagation decision) {
        List<PropagationFilter.Origin> asked = new ArrayList<>();
        Flooding flooding = flooding((message, origin) -> {
            asked.add(origin);
            return decision;
        }, 1, 2);

        flooding.publish(new Frame.Data(SELF, 1, 1, 0, "news", Map.of(), new byte[0]));

        assertThat(asked).containsExactly(PropagationFilter.Origin.LOCAL);
        assertThat(sink.deliveries).hasSize(decision.local() ? 1 : 0);
        assertThat(sink.sentTo()).hasSize(decision.remote() ? 2 : 0);
        assertThat(flooding.counters().filtered()).isEqualTo(decision == Propagation.LOCAL_AND_REMOTE ? 0 : 1);
        assertThat(flooding.counters().published()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Propagation.class)
    void propagationFilterDecidesForRemoteMessages(Propagation decision) {
        List<PropagationFilter.Origin> asked = new ArrayList<>();
        Flooding flooding = flooding((message, origin) -> {
            asked.add(origin);
            return decision;
        }, 1, 2, 3);

        flooding.receive(1, data(1, 1, 0));

        assertThat(asked).containsExactly(PropagationFilter.Origin.REMOTE);
        assertThat(sink.deliveries).hasSize(decision.local() ? 1 : 0);
        assertThat(sink.sentTo()).isEqualTo(decision.remote() ? List.of(2L, 3L) : List.of());
        assertThat(flooding.counters().filtered()).isEqualTo(decision == Propagation.LOCAL_AND_REMOTE ? 0 : 1);
    }

    @Test
    void filteredMessageIsStillRememberedSoItsCopiesAreDuplicates() {
        Flooding flooding = flooding((message, origin) -> Propagation.NONE, 1, 2);

        flooding.receive(1, data(1, 1, 0));
        flooding.receive(2, data(1, 1, 0));

        assertThat(flooding.counters().duplicates()).isEqualTo(1);
        assertThat(flooding.counters().filtered()).isEqualTo(1);
    }

    @Test
    void filterSeesTheMessageAsTheApplicationWould() {
        List<MeshMessage> seen = new ArrayList<>();
        Flooding flooding = flooding((message, origin) -> {
            seen.add(message);
            return Propagation.LOCAL_AND_REMOTE;
        }, 1);

        flooding.receive(1, new Frame.Data(ORIGIN, 4, 2, 5, "orders", Map.of("k", "v"), new byte[] {9}));

        assertThat(seen).singleElement().satisfies(message -> {
            assertThat(message.id()).isEqualTo(new MessageId(ORIGIN, 4));
            assertThat(message.topic()).isEqualTo("orders");
            assertThat(message.headers()).containsExactly(Map.entry("k", "v"));
            assertThat(message.payload()).containsExactly(9);
            assertThat(message.hops()).isEqualTo(2);
            assertThat(message.hopLimit()).isEqualTo(5);
        });
    }

    @Test
    void filterAnsweringNullMeansNone() {
        Flooding flooding = flooding((message, origin) -> null, 1, 2);

        flooding.receive(1, data(1, 1, 0));

        assertThat(sink.deliveries).isEmpty();
        assertThat(sink.sent).isEmpty();
    }

    @Test
    void filterDecidingRemoteOnlyStillObeysTheHopLimit() {
        Flooding flooding = flooding((message, origin) -> Propagation.REMOTE, 1, 2);

        flooding.receive(1, data(1, 2, 2));

        assertThat(sink.deliveries).isEmpty();
        assertThat(sink.sent).isEmpty();
        assertThat(flooding.counters().hopLimited()).isEqualTo(1);
    }

    @Test
    void tickAgesTheDuplicateCache() {
        DuplicateCache cache = new DuplicateCache(16, 1);
        Flooding flooding = new Flooding(cache, PropagationFilter.ALL, sink);
        flooding.receive(1, data(1, 1, 0));
        assertThat(flooding.counters().cachedOrigins()).isEqualTo(1);

        flooding.tick();
        flooding.tick();

        assertThat(flooding.counters().cachedOrigins()).isZero();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private Flooding flooding(PropagationFilter filter, long... links) {
        Flooding flooding = new Flooding(new DuplicateCache(1_000, 100), filter, sink);
        for (long link : links) {
            flooding.neighborUp(link);
        }
        return flooding;
    }

    private static Frame.Data data(long sequence, int hops, int hopLimit) {
        return new Frame.Data(ORIGIN, sequence, hops, hopLimit, "news", Map.of(), new byte[] {1, 2, 3});
    }

    /** Records what flooding decided. */
    private static final class Sink implements DisseminationSink {

        record Sent(long link, Frame.Data frame) {
        }

        final List<Sent> sent = new ArrayList<>();

        final List<MeshMessage> deliveries = new ArrayList<>();

        @Override
        public void send(long link, Frame frame) {
            sent.add(new Sent(link, (Frame.Data) frame));
        }

        @Override
        public long now() {
            return 0; // flooding measures no delay
        }

        @Override
        public void schedule(long token, long delayMillis) {
            throw new AssertionError("flooding asks for no timers");
        }

        @Override
        public void lost(dev.peermesh.MessageId id, String reason) {
            throw new AssertionError("flooding reports no losses");
        }

        @Override
        public void deliver(MeshMessage message) {
            deliveries.add(message);
        }

        List<Long> sentTo() {
            return sent.stream().map(Sent::link).toList();
        }

        void clear() {
            sent.clear();
            deliveries.clear();
        }
    }
}
