package dev.peermesh.stream.group;

import dev.peermesh.MeshMessage;
import dev.peermesh.MessageId;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Members come by heartbeat and go by leave or silence; a gone member's messages go to their next owners. */
class GroupViewAndBacklogTest {

    private static final GroupKey KEY = new GroupKey("orders", "billing");

    private static final long SELF = 0x11;

    @Test
    void membersComeByHeartbeatAndGoByLeaveOrSilence() {
        GroupView view = new GroupView(SELF, 3_000, 2);
        view.join(KEY);
        assertThat(view.heard(KEY, 0x22, 0)).isTrue();
        assertThat(view.heard(KEY, 0x33, 0)).isTrue();
        assertThat(view.heard(KEY, 0x44, 0)).as("the group is full").isFalse();
        assertThat(view.members(KEY)).containsExactly(0x11L, 0x22L, 0x33L);

        view.heard(KEY, 0x22, 2_500);
        assertThat(view.expire(3_001)).containsExactly(Map.entry(KEY, List.of(0x33L)));
        assertThat(view.left(KEY, 0x22)).isTrue();
        assertThat(view.members(KEY)).containsExactly(SELF);
        view.quit(KEY);
        assertThat(view.members(KEY)).isEmpty();
    }

    @Test
    void aGoneMembersMessagesGoToTheirNextOwnersSkippingWhatItHandled() {
        GroupBacklog backlog = new GroupBacklog(1_000);
        List<Long> before = List.of(SELF, 0x22L, 0x33L);
        List<Long> after = List.of(SELF, 0x22L);
        int ownedByGone = 0;
        for (long sequence = 1; sequence <= 300; sequence++) {
            MeshMessage message = message(sequence);
            long owner = Rendezvous.owner(before, message.id());
            if (owner != SELF) {
                backlog.add(KEY, message, owner, sequence);
            }
            if (owner == 0x33L) {
                ownedByGone++;
            }
        }

        List<MeshMessage> mine = backlog.reassign(KEY, 0x33L, Map.of(0x99L, 100L), after, SELF);

        assertThat(mine).isNotEmpty().allSatisfy(message -> {
            assertThat(message.id().sequence()).isGreaterThan(100);
            assertThat(Rendezvous.owner(before, message.id())).isEqualTo(0x33L);
            assertThat(Rendezvous.owner(after, message.id())).isEqualTo(SELF);
        });
        assertThat(mine).extracting(message -> message.id().sequence()).isSorted();
        assertThat(mine.size()).isLessThan(ownedByGone);
        assertThat(backlog.reassign(KEY, 0x33L, Map.of(), after, SELF)).isEmpty();
    }

    @Test
    void theBacklogForgetsWhatIsOlderThanTheWindowAndCountsWhatAFullOneDrops() {
        GroupBacklog backlog = new GroupBacklog(2);
        backlog.add(KEY, message(1), 0x22, 0);
        backlog.add(KEY, message(2), 0x22, 100);
        backlog.add(KEY, message(3), 0x22, 200);
        assertThat(backlog.size()).isEqualTo(2);
        assertThat(backlog.overflowed()).isEqualTo(1);
        backlog.trim(1_150, 1_000);
        assertThat(backlog.size()).isEqualTo(1);
    }

    @Test
    void announcementsRoundTripAndUnreadableLinesAreCounted() {
        byte[] text = GroupAnnouncement.write(List.of(KEY), Map.of(new GroupKey("orders.*", "shipping"),
                Map.of(0xA1L, 42L)));
        GroupAnnouncement.Parsed parsed = GroupAnnouncement.read(text);
        assertThat(parsed.joined()).containsExactly(KEY);
        assertThat(parsed.left()).containsExactly(Map.entry(new GroupKey("orders.*", "shipping"), Map.of(0xA1L, 42L)));
        assertThat(GroupAnnouncement.read("join\tonly-two\nleave\ta\tb\tzz:1\nwhat\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).unreadable()).isEqualTo(3);
    }

    private static MeshMessage message(long sequence) {
        return new MeshMessage(new MessageId(0x99, sequence), "orders", Map.of(), new byte[0], 1, 0);
    }
}
