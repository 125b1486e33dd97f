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
        assertThat(view.heard(KEY, 0x22, 1, 0)).isEqualTo(GroupView.Heard.MEMBER);
        assertThat(view.heard(KEY, 0x33, 1, 0)).isEqualTo(GroupView.Heard.MEMBER);
        assertThat(view.heard(KEY, 0x44, 1, 0)).as("the group is full").isEqualTo(GroupView.Heard.REFUSED);
        assertThat(view.members(KEY)).containsExactly(0x11L, 0x22L, 0x33L);

        assertThat(view.heard(KEY, 0x22, 2, 2_500)).as("a new incarnation").isEqualTo(GroupView.Heard.RESTARTED);
        assertThat(view.heard(KEY, 0x22, 2, 2_500)).isEqualTo(GroupView.Heard.MEMBER);
        assertThat(view.expire(3_001)).containsExactly(Map.entry(KEY, List.of(0x33L)));
        assertThat(view.left(KEY, 0x22)).isTrue();
        assertThat(view.members(KEY)).containsExactly(SELF);
        view.quit(KEY);
        assertThat(view.members(KEY)).isEmpty();
    }

    @Test
    void aGoneMembersMessagesGoToTheirNextOwnersSkippingWhatItHandled() {
        GroupBacklog backlog = new GroupBacklog(1_000, Long.MAX_VALUE);
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
        GroupBacklog backlog = new GroupBacklog(2, Long.MAX_VALUE);
        backlog.add(KEY, message(1), 0x22, 0);
        backlog.add(KEY, message(2), 0x22, 100);
        backlog.add(KEY, message(3), 0x22, 200);
        assertThat(backlog.size()).isEqualTo(2);
        assertThat(backlog.overflowed()).isEqualTo(1);
        backlog.trim(1_150, 1_000);
        assertThat(backlog.size()).isEqualTo(1);

        GroupBacklog bytes = new GroupBacklog(1_000, 250);
        for (long sequence = 1; sequence <= 5; sequence++) {
            bytes.add(KEY, new MeshMessage(new MessageId(0x99, sequence), "orders", Map.of(), new byte[100], 1, 0),
                    0x22, sequence);
        }
        assertThat(bytes.size()).as("bounded by bytes").isEqualTo(2);
        assertThat(bytes.overflowed()).isEqualTo(3);
    }

    @Test
    void aMemberCountingItselfInClaimsWhatItNowWins() {
        GroupBacklog backlog = new GroupBacklog(1_000, Long.MAX_VALUE);
        List<Long> without = List.of(0x22L, 0x33L);
        List<Long> with = List.of(SELF, 0x22L, 0x33L);
        for (long sequence = 1; sequence <= 300; sequence++) {
            backlog.add(KEY, message(sequence), Rendezvous.owner(without, message(sequence).id()), sequence);
        }
        List<MeshMessage> claimed = backlog.claim(KEY, with, SELF);
        assertThat(claimed).isNotEmpty().allSatisfy(message ->
                assertThat(Rendezvous.owner(with, message.id())).isEqualTo(SELF));
        assertThat(backlog.size()).isEqualTo(300 - claimed.size());
    }

    @Test
    void aLeaversMarksCoverOnlyWhatItOwnedFromTheStart() {
        GroupBacklog backlog = new GroupBacklog(1_000, Long.MAX_VALUE);
        long passedOn = 0;
        for (long sequence = 1; sequence <= 300; sequence++) {
            backlog.add(KEY, message(sequence), Rendezvous.owner(List.of(0x22L, 0x33L, 0x44L),
                    message(sequence).id()), sequence);
        }
        // 0x44 went silent: its messages pass to their next owners, some to 0x33, which never saw them as its own
        backlog.reassign(KEY, 0x44, Map.of(), List.of(0x22L, 0x33L, 0x55L), SELF);
        for (long sequence = 1; sequence <= 300; sequence++) {
            if (Rendezvous.owner(List.of(0x22L, 0x33L, 0x44L), message(sequence).id()) == 0x44L
                    && Rendezvous.owner(List.of(0x22L, 0x33L, 0x55L), message(sequence).id()) == 0x33L) {
                passedOn++;
            }
        }
        // 0x33 leaves naming 300 as its last: what it owned from the start is skipped, what it was passed is not
        List<MeshMessage> mine = backlog.reassign(KEY, 0x33, Map.of(0x99L, 300L), List.of(SELF, 0x22L), SELF);
        assertThat(passedOn).isPositive();
        assertThat(mine).isNotEmpty().allSatisfy(message ->
                assertThat(Rendezvous.owner(List.of(0x22L, 0x33L, 0x44L), message.id())).isEqualTo(0x44L));
    }

    @Test
    void announcementsRoundTripAndUnreadableLinesAreCounted() {
        byte[] text = GroupAnnouncement.write(List.of(KEY), 0xFEEDL, Map.of(new GroupKey("orders.*", "shipping"),
                Map.of(0xA1L, 42L)), 1234);
        GroupAnnouncement.Parsed parsed = GroupAnnouncement.read(text);
        assertThat(parsed.joined()).containsExactly(KEY);
        assertThat(parsed.incarnation()).isEqualTo(0xFEEDL);
        assertThat(parsed.sentAt()).isEqualTo(1234);
        assertThat(parsed.left()).containsExactly(Map.entry(new GroupKey("orders.*", "shipping"), Map.of(0xA1L, 42L)));
        assertThat(GroupAnnouncement.read("join\tonly-two\nleave\ta\tb\tzz:1\nwhat\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).unreadable()).isEqualTo(3);
    }

    private static MeshMessage message(long sequence) {
        return new MeshMessage(new MessageId(0x99, sequence), "orders", Map.of(), new byte[0], 1, 0);
    }
}
