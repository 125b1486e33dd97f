package dev.peermesh.node;

import dev.peermesh.PeerAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounded record of peers a node tried and how each last try ended, for the isolation warning.
 */
class PeersTriedTest {

    private static final PeerAddress A = new PeerAddress("10.4.0.1", 7400);
    private static final PeerAddress B = new PeerAddress("10.4.0.2", 7400);

    private final PeersTried tried = new PeersTried();

    @Test
    void describesEachPeerWithItsTriesAndLastOutcomeMostRecentFirst() {
        tried.dialled(A);
        tried.failed(A, "no TCP connection: Connection refused");
        tried.dialled(B);
        tried.dialled(A);
        tried.failed(A, "handshake failed (authentication-failed): wrong proof");

        assertThat(tried.describe()).isEqualTo("10.4.0.1:7400 (2 tries, last: handshake failed"
                + " (authentication-failed): wrong proof); 10.4.0.2:7400 (1 try, last: no answer yet)");
    }

    @Test
    void nothingTriedSaysNone() {
        assertThat(tried.describe()).isEqualTo("none");
    }

    @Test
    void linkedPeerIsNoLongerReported() {
        tried.dialled(A);
        tried.dialled(B);

        tried.linked(A);

        assertThat(tried.describe()).doesNotContain("10.4.0.1").contains("10.4.0.2");
    }

    @Test
    void peerSuppliedTextIsEscaped() {
        tried.dialled(A);
        tried.failed(A, "refused by peer: forged\nWARN line");

        assertThat(tried.describe()).contains("forged\\nWARN line").doesNotContain("\n");
    }

    @Test
    void keepsOnlyTheMostRecentlyTriedPeers() {
        for (int i = 0; i < 1_000; i++) {
            tried.dialled(new PeerAddress("10.5." + (i >> 8) + "." + (i & 0xFF), 7400));
        }

        assertThat(tried.size()).isEqualTo(PeersTried.CAPACITY);
        assertThat(tried.describe()).startsWith("10.5.3.231:7400");
    }
}
