package dev.peermesh.membership;

import dev.peermesh.PeerAddress;
import dev.peermesh.wire.Referral;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounded set of peers a node may dial when it needs neighbours.
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
