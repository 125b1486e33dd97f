package dev.peermesh.dissemination;

import dev.peermesh.MessageId;
import dev.peermesh.Propagation;
import dev.peermesh.PropagationFilter;
import dev.peermesh.wire.Frame;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Plumtree on one node forwards as flooding does — the hop limit and the propagation filter — and the
 * counters that add up to what it sent, delivered and reported.
 */
class PlumtreeForwardingTest extends PlumtreeFixture {

    // ---- hop limit: as in flooding ----------------------------------------------------------------------------

    @Test
    void messageThatCrossedFewerLinksThanItsLimitIsPushedOn() {
        Plumtree tree = plumtree(1, 2);

        tree.receive(1, data(1, 2, 3));

        assertThat(sink.sentOfType(Frame.Data.class)).singleElement().extracting(Frame.Data::hops).isEqualTo(3);
        assertThat(tree.counters().hopLimited()).isZero();
    }

    @Test
    void messageThatCrossedAsManyLinksAsItsLimitIsDeliveredButNeitherPushedNorAnnounced() {
        Plumtree tree = plumtree(1, 2, 3);
        tree.receiveControl(3, new Frame.Prune());

        tree.receive(1, data(1, 3, 3));
        sink.fireAll(tree);

        assertThat(sink.deliveries).hasSize(1);
        assertThat(sink.sent).isEmpty();
        assertThat(tree.counters().hopLimited()).isEqualTo(1);
        assertThat(tree.counters().announcements()).isZero();
    }

    @Test
    void hopLimitOfOneReachesOnlyDirectNeighbors() {
        Plumtree tree = plumtree(1, 2);

        tree.receive(1, data(1, 1, 1));

        assertThat(sink.deliveries).hasSize(1);
        assertThat(sink.sent).isEmpty();
    }

    @Test
    void hopLimitZeroMeansUnlimited() {
        Plumtree tree = plumtree(1, 2);

        tree.receive(1, data(1, 60_000, 0));

        assertThat(sink.sentOfType(Frame.Data.class)).singleElement().extracting(Frame.Data::hops)
                .isEqualTo(60_001);
        assertThat(tree.counters().hopLimited()).isZero();
    }

    // ---- propagation filter: as in flooding -------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Propagation.class)
    void propagationFilterDecidesForOwnMessages(Propagation decision) {
        List<PropagationFilter.Origin> asked = new ArrayList<>();
        Plumtree tree = plumtree((message, origin) -> {
            asked.add(origin);
            return decision;
        }, 1, 2);
        tree.receiveControl(2, new Frame.Prune());

        tree.publish(own(1));
        sink.fireAll(tree);

        assertThat(asked).containsExactly(PropagationFilter.Origin.LOCAL);
        assertThat(sink.deliveries).hasSize(decision.local() ? 1 : 0);
        assertThat(sink.linksOf(Frame.Data.class)).isEqualTo(decision.remote() ? List.of(1L) : List.of());
        assertThat(sink.linksOf(Frame.IHave.class)).isEqualTo(decision.remote() ? List.of(2L) : List.of());
        assertThat(tree.counters().filtered()).isEqualTo(decision == Propagation.LOCAL_AND_REMOTE ? 0 : 1);
        assertThat(tree.counters().published()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Propagation.class)
    void propagationFilterDecidesForRemoteMessages(Propagation decision) {
        List<PropagationFilter.Origin> asked = new ArrayList<>();
        Plumtree tree = plumtree((message, origin) -> {
            asked.add(origin);
            return decision;
        }, 1, 2, 3);
        tree.receiveControl(3, new Frame.Prune());

        tree.receive(1, data(1, 1, 0));
        sink.fireAll(tree);

        assertThat(asked).containsExactly(PropagationFilter.Origin.REMOTE);
        assertThat(sink.deliveries).hasSize(decision.local() ? 1 : 0);
        assertThat(sink.linksOf(Frame.Data.class)).isEqualTo(decision.remote() ? List.of(2L) : List.of());
        assertThat(sink.linksOf(Frame.IHave.class)).isEqualTo(decision.remote() ? List.of(3L) : List.of());
        assertThat(tree.counters().filtered()).isEqualTo(decision == Propagation.LOCAL_AND_REMOTE ? 0 : 1);
    }

    @Test
    void filterAnsweringNullMeansNone() {
        Plumtree tree = plumtree((message, origin) -> null, 1, 2);

        tree.receive(1, data(1, 1, 0));

        assertThat(sink.deliveries).isEmpty();
        assertThat(sink.sent).isEmpty();
    }

    @Test
    void filteredMessageIsStillRememberedSoItsCopiesAreDuplicates() {
        Plumtree tree = plumtree((message, origin) -> Propagation.NONE, 1, 2);

        tree.receive(1, data(1, 1, 0));
        tree.receive(2, data(1, 1, 0));

        assertThat(tree.counters().duplicates()).isEqualTo(1);
        assertThat(tree.counters().filtered()).isEqualTo(1);
    }

    // ---- counters ---------------------------------------------------------------------------------------------

    @Test
    void countersAddUpToWhatWasSentDeliveredAndReported() {
        Plumtree tree = plumtree(1, 2, 3);
        tree.receiveControl(3, new Frame.Prune());

        tree.publish(own(1)); // delivered; payload to 1 and 2, announced to 3
        tree.receive(1, data(1, 1, 0)); // delivered; payload to 2, announced to 3
        tree.receive(2, data(1, 2, 0)); // duplicate: PRUNE to 2
        tree.receiveControl(3, ihave(ORIGIN, 2)); // never arrives: 4 GRAFTs to 3, then lost; PRUNE to parent 1
        sink.fireAll(tree);
        tree.receiveControl(2, new Frame.Graft(List.of(new MessageId(SELF, 1)))); // payload to 2

        assertThat(tree.counters())
                .isEqualTo(new DisseminationCounters(1, 2, 4, 1, 0, 0, 0, 2, 0, 2, 4, 2, 1, 0, 0, 0));
        DisseminationCounters counters = tree.counters();
        assertThat(counters.delivered()).isEqualTo(sink.deliveries.size());
        assertThat(counters.forwarded()).isEqualTo(sink.sentOfType(Frame.Data.class).size());
        assertThat(counters.announcements()).isEqualTo(
                sink.sentOfType(Frame.IHave.class).stream().mapToLong(ihave -> ihave.announcements().size()).sum());
        assertThat(counters.grafts()).isEqualTo(
                sink.sentOfType(Frame.Graft.class).stream().mapToLong(graft -> graft.ids().size()).sum());
        assertThat(counters.prunes()).isEqualTo(sink.sentOfType(Frame.Prune.class).size());
        assertThat(counters.lost()).isEqualTo(sink.lost.size());
    }
}
