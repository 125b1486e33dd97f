package dev.peermesh.stream.group;

import dev.peermesh.MessageId;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every node that knows the same members picks the same owner; shares are even; a leaver's share alone moves. */
class RendezvousTest {

    private static final List<Long> MEMBERS = List.of(0x11L, 0x22L, 0x33L);

    @Test
    void theOwnerDependsOnTheMembersNotTheirOrder() {
        for (long sequence = 1; sequence <= 1_000; sequence++) {
            MessageId id = new MessageId(0xABCDL, sequence);
            assertThat(Rendezvous.owner(List.of(0x33L, 0x11L, 0x22L), id)).isEqualTo(Rendezvous.owner(MEMBERS, id));
        }
        assertThat(Rendezvous.owner(List.of(), new MessageId(1, 1))).isZero();
    }

    @Test
    void sharesAreEvenAndOnlyALeaversShareMoves() {
        Map<Long, Integer> shares = new HashMap<>();
        int moved = 0;
        int messages = 30_000;
        for (long sequence = 1; sequence <= messages; sequence++) {
            MessageId id = new MessageId(sequence % 7 + 1, sequence);
            long owner = Rendezvous.owner(MEMBERS, id);
            shares.merge(owner, 1, Integer::sum);
            long without = Rendezvous.owner(List.of(0x11L, 0x22L), id);
            if (owner != 0x33L) {
                assertThat(without).isEqualTo(owner);
            }
            else {
                moved++;
            }
        }
        assertThat(shares.values()).allSatisfy(share -> assertThat(share).isBetween(9_000, 11_000));
        assertThat(moved).isEqualTo(shares.get(0x33L));
    }
}
