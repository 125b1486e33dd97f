package dev.peermesh.membership;

import dev.peermesh.PeerAddress;
import dev.peermesh.wire.Referral;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounded set of peers a node may dial when it needs neighbors.
 */
class PassiveViewTest {

    private final Random random = new Random(42);

    @Test
    void oldestPeerMakesRoomWhenTheCacheIsFull() {
        PassiveView cache = new PassiveView(3);
        for (int i = 1; i <= 4; i++) {
            cache.add(new Referral(i, address(i)));
        }

        assertThat(cache.size()).isEqualTo(3);
        assertThat(all(cache)).extracting(Referral::address).containsExactlyInAnyOrder(address(2), address(3),
                address(4));
    }

    @Test
    void peerHeardOfAgainIsRefreshedAndOutlivesOlderOnes() {
        PassiveView cache = new PassiveView(3);
        cache.add(new Referral(1, address(1)));
        cache.add(new Referral(2, address(2)));
        cache.add(new Referral(3, address(3)));

        cache.add(new Referral(1, address(1)));
        cache.add(new Referral(4, address(4)));

        assertThat(cache.size()).isEqualTo(3);
        assertThat(all(cache)).extracting(Referral::address).containsExactlyInAnyOrder(address(1), address(3),
                address(4));
    }

    @Test
    void addressWithoutNodeIdKeepsTheIdAlreadyKnown() {
        PassiveView cache = new PassiveView(10);
        cache.add(new Referral(77, address(1)));

        cache.add(new Referral(0, address(1)));

        assertThat(cache.size()).isEqualTo(1);
        assertThat(all(cache)).containsExactly(new Referral(77, address(1)));
    }

    @Test
    void newNodeIdAtAKnownAddressReplacesTheOld() {
        PassiveView cache = new PassiveView(10);
        cache.add(new Referral(77, address(1)));

        cache.add(new Referral(88, address(1)));

        assertThat(all(cache)).containsExactly(new Referral(88, address(1)));
    }

    @Test
    void addressFirstHeardWithoutIdHasIdZero() {
        PassiveView cache = new PassiveView(10);

        cache.add(new Referral(0, address(1)));

        assertThat(all(cache)).containsExactly(new Referral(0, address(1)));
    }

    @Test
    void pickReturnsOnlyEligiblePeersAndNullWhenThereIsNone() {
        PassiveView cache = new PassiveView(10);
        for (int i = 1; i <= 5; i++) {
            cache.add(new Referral(i, address(i)));
        }

        for (int i = 0; i < 50; i++) {
            assertThat(cache.pick(random, r -> r.nodeId() % 2 == 0).nodeId()).isIn(2L, 4L);
        }
        assertThat(cache.pick(random, r -> false)).isNull();
        assertThat(new PassiveView(10).pick(random, r -> true)).isNull();
    }

    @Test
    void pickSpreadsOverAllEligiblePeers() {
        PassiveView cache = new PassiveView(10);
        for (int i = 1; i <= 5; i++) {
            cache.add(new Referral(i, address(i)));
        }

        Set<Long> picked = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            picked.add(cache.pick(random, r -> true).nodeId());
        }

        assertThat(picked).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void removedPeerIsNoLongerPicked() {
        PassiveView cache = new PassiveView(10);
        cache.add(new Referral(1, address(1)));
        cache.add(new Referral(2, address(2)));

        cache.remove(address(1));
        cache.remove(address(9));

        assertThat(cache.size()).isEqualTo(1);
        assertThat(all(cache)).containsExactly(new Referral(2, address(2)));
    }

    @Test
    void oneNeighborNamingManyPeersKeepsOnlyItsShareAndItsNewestReplaceItsOldest() {
        PassiveView view = new PassiveView(30, 4);
        long liar = 99;
        for (int i = 1; i <= 20; i++) {
            boolean displaced = view.add(new Referral(i, address(i)), liar);
            assertThat(displaced).as("referral %d displaced one of the liar's own", i).isEqualTo(i > 4);
        }

        assertThat(view.size()).isEqualTo(4);
        assertThat(view.unconfirmedFrom(liar)).isEqualTo(4);
        assertThat(all(view)).extracting(Referral::nodeId).containsExactlyInAnyOrder(17L, 18L, 19L, 20L);
    }

    @Test
    void peerNamedByTwoNeighborsIsConfirmedAndNoLongerCountsAgainstEither() {
        PassiveView view = new PassiveView(30, 2);
        view.add(new Referral(1, address(1)), 7);
        view.add(new Referral(1, address(1)), 8);
        view.add(new Referral(2, address(2)), 7);
        view.add(new Referral(3, address(3)), 7);

        assertThat(view.unconfirmedFrom(7)).isEqualTo(2);
        assertThat(view.unconfirmedFrom(8)).isZero();
        assertThat(all(view)).extracting(Referral::nodeId).containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void fullViewDropsUnconfirmedPeersBeforeTrustedOnes() {
        PassiveView view = new PassiveView(3, 3);
        view.add(new Referral(1, address(1)));
        view.add(new Referral(2, address(2)), 7);
        view.add(new Referral(3, address(3)));

        view.add(new Referral(4, address(4)));

        assertThat(all(view)).extracting(Referral::nodeId).containsExactlyInAnyOrder(1L, 3L, 4L);
        assertThat(view.unconfirmedFrom(7)).isZero();
    }

    @Test
    void neighborRepeatingItsOwnPeerDoesNotMakeItFresherOrConfirmed() {
        PassiveView view = new PassiveView(2, 2);
        view.add(new Referral(1, address(1)), 7);
        view.add(new Referral(2, address(2)));
        view.add(new Referral(1, address(1)), 7);

        view.add(new Referral(3, address(3)));

        assertThat(all(view)).extracting(Referral::nodeId).containsExactlyInAnyOrder(2L, 3L);
    }

    private Set<Referral> all(PassiveView cache) {
        Set<Referral> out = new HashSet<>();
        // pick with a predicate that sees every entry
        cache.pick(random, referral -> {
            out.add(referral);
            return false;
        });
        return out;
    }

    private static PeerAddress address(int i) {
        return new PeerAddress("10.1.0." + i, 7400);
    }
}
