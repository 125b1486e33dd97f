package dev.peermesh.membership;

import dev.peermesh.PeerAddress;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounds of the lost-peers memory ({@code dial-backoff.lost-peers}, {@code lost-peer-retention}): at most its
 * capacity of peers is kept, the one at the front of the line (lost, or last dialled, longest ago) making room, and a
 * peer lost longer ago than the retention is forgotten and no longer dialled.
 */
class LostPeersTest {

    private static final PeerAddress A = new PeerAddress("10.4.0.1", 7400);
    private static final PeerAddress B = new PeerAddress("10.4.0.2", 7400);
    private static final PeerAddress C = new PeerAddress("10.4.0.3", 7400);

    @Test
    void oldestLossMakesRoomWhenFull() {
        LostPeers lost = new LostPeers(2, 8, 100);
        lost.lost(A);
        lost.lost(B);

        lost.lost(C);

        assertThat(lost.size()).isEqualTo(2);
        assertThat(lost.contains(A)).isFalse();
        assertThat(lost.contains(B)).isTrue();
        assertThat(lost.contains(C)).isTrue();
        lost.tick();
        assertThat(lost.due(10, any -> true)).as("the forgotten peer is not dialled").containsExactly(B, C);
    }

    @Test
    void peerLostAgainGoesToTheBackOfTheLine() {
        LostPeers lost = new LostPeers(2, 8, 100);
        lost.lost(A);
        lost.lost(B);
        lost.lost(A); // lost again: now the newest loss

        lost.lost(C);

        assertThat(lost.contains(B)).isFalse();
        assertThat(lost.contains(A)).isTrue();
        assertThat(lost.contains(C)).isTrue();
    }

    /** What "the oldest loss makes room" means once dials started: the peer that waited longest for its turn. */
    @Test
    void peerJustDialledGoesToTheBackOfTheLineSoTheOneWaitingLongestMakesRoom() {
        LostPeers lost = new LostPeers(2, 8, 100);
        lost.lost(A);
        lost.lost(B);
        lost.tick();
        assertThat(lost.due(1, any -> true)).containsExactly(A);

        lost.lost(C);

        assertThat(lost.contains(B)).as("lost after A, but not dialled since").isFalse();
        assertThat(lost.contains(A)).isTrue();
        assertThat(lost.contains(C)).isTrue();
    }

    @Test
    void memoryStaysWithinItsCapacityWhateverIsLost() {
        LostPeers lost = new LostPeers(16, 8, 100);

        for (int i = 0; i < 10_000; i++) {
            lost.lost(new PeerAddress("10.5." + (i >> 8 & 0xFF) + "." + (i & 0xFF), 7400));
        }

        assertThat(lost.size()).isEqualTo(16);
        assertThat(lost.contains(new PeerAddress("10.5.39.15", 7400))).as("the last lost, 9,999").isTrue();
        assertThat(lost.contains(new PeerAddress("10.5.39.0", 7400))).as("the 16th from last, 9,984").isTrue();
        assertThat(lost.contains(new PeerAddress("10.5.38.255", 7400))).as("the 17th from last, 9,983").isFalse();
    }

    @Test
    void capacityOfZeroKeepsNone() {
        LostPeers lost = new LostPeers(0, 8, 100);

        lost.lost(A);
        lost.tick();

        assertThat(lost.size()).isZero();
        assertThat(lost.due(10, any -> true)).isEmpty();
    }

    @Test
    void lostPeerIsDialledUntilTheRetentionPassedAndThenForgotten() {
        // retry every tick, kept for 3 ticks
        LostPeers lost = new LostPeers(16, 1, 3);
        lost.lost(A);

        List<Integer> dialTicks = new ArrayList<>();
        for (int tick = 1; tick <= 8; tick++) {
            lost.tick();
            if (lost.due(2, any -> true).contains(A)) {
                dialTicks.add(tick);
            }
        }

        assertThat(dialTicks).containsExactly(1, 2, 3);
        assertThat(lost.contains(A)).isFalse();
        assertThat(lost.size()).isZero();
    }

    @Test
    void eachLostPeerIsForgottenOnItsOwnSchedule() {
        LostPeers lost = new LostPeers(16, 1, 3);
        lost.lost(A);
        lost.tick();
        lost.tick();
        lost.lost(B);

        lost.tick();
        lost.tick(); // A lost 4 ticks ago, B 2

        assertThat(lost.contains(A)).isFalse();
        assertThat(lost.contains(B)).isTrue();
        lost.tick();
        assertThat(lost.contains(B)).as("lost 3 ticks ago: still within the retention").isTrue();
        lost.tick();
        assertThat(lost.contains(B)).isFalse();
    }
}
