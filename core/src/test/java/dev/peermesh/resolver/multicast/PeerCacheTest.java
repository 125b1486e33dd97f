package dev.peermesh.resolver.multicast;

import dev.peermesh.PeerAddress;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PeerCacheTest {

    private final AtomicLong now = new AtomicLong();

    private final PeerCache cache = new PeerCache(3, 4, TimeUnit.SECONDS.toNanos(15), now::get);

    private static PeerAddress at(int port) {
        return new PeerAddress("10.0.0.1", port);
    }

    @Test
    void aPeerIsForgottenWhenItHasNotAnnouncedForTheExpiry() {
        cache.heard("orders", 1, at(1), Set.of());
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        cache.heard("orders", 2, at(2), Set.of());
        now.addAndGet(TimeUnit.SECONDS.toNanos(6));
        assertThat(cache.peers("orders")).containsExactly(at(2));
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertThat(cache.peers("orders")).isEmpty();
        assertThat(cache.meshCount()).isZero();
    }

    @Test
    void anAnnouncementRenewsAPeer() {
        cache.heard("orders", 1, at(1), Set.of());
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        cache.heard("orders", 1, at(1), Set.of());
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertThat(cache.peers("orders")).containsExactly(at(1));
    }

    @Test
    void aFullMeshPushesOutItsStalestPeer() {
        for (int node = 1; node <= 6; node++) {
            cache.heard("orders", node, at(node), Set.of());
            now.incrementAndGet();
        }
        assertThat(cache.peers("orders")).containsExactly(at(3), at(4), at(5), at(6));
        assertThat(cache.dropped()).isEqualTo(2);
    }

    @Test
    void aFullCacheDropsNewUnwantedMeshesButMakesRoomForWantedOnes() {
        cache.heard("a", 1, at(1), Set.of());
        cache.heard("b", 1, at(1), Set.of());
        now.incrementAndGet();
        cache.heard("c", 1, at(1), Set.of());
        cache.heard("d", 1, at(1), Set.of());
        assertThat(cache.peers("d")).isEmpty();
        assertThat(cache.dropped()).isEqualTo(1);

        cache.heard("orders", 1, at(1), Set.of("orders", "a"));
        assertThat(cache.peers("orders")).containsExactly(at(1));
        assertThat(cache.peers("a")).containsExactly(at(1));
        assertThat(cache.peers("b")).as("the stalest unwanted mesh").isEmpty();
        assertThat(cache.meshCount()).isEqualTo(3);
    }

    @Test
    void aGoodbyeForgetsAPeerAtOnce() {
        cache.heard("orders", 1, at(1), Set.of());
        cache.heard("orders", 2, at(2), Set.of());
        cache.forget("orders", 1);
        assertThat(cache.peers("orders")).containsExactly(at(2));
    }
}
