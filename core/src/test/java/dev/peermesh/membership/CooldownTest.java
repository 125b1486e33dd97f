package dev.peermesh.membership;

import dev.peermesh.PeerAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Addresses held back from dialling for a number of maintenance ticks.
 */
class CooldownTest {

    private static final PeerAddress A = new PeerAddress("10.2.0.1", 7400);
    private static final PeerAddress B = new PeerAddress("10.2.0.2", 7400);
    private static final PeerAddress C = new PeerAddress("10.2.0.3", 7400);

    @Test
    void addressIsHeldForExactlyTheGivenTicks() {
        Cooldown cooldown = new Cooldown(10);

        cooldown.hold(A, 3);

        assertThat(cooldown.holds(A)).isTrue();
        cooldown.tick();
        assertThat(cooldown.holds(A)).as("after 1 tick").isTrue();
        cooldown.tick();
        assertThat(cooldown.holds(A)).as("after 2 ticks").isTrue();
        cooldown.tick();
        assertThat(cooldown.holds(A)).as("after 3 ticks").isFalse();
    }

    @Test
    void holdOfOneTickEndsAtTheNextTick() {
        Cooldown cooldown = new Cooldown(10);

        cooldown.hold(A, 1);

        assertThat(cooldown.holds(A)).isTrue();
        cooldown.tick();
        assertThat(cooldown.holds(A)).isFalse();
    }

    @Test
    void holdingAgainRestartsTheCount() {
        Cooldown cooldown = new Cooldown(10);
        cooldown.hold(A, 2);
        cooldown.tick();

        cooldown.hold(A, 2);
        cooldown.tick();

        assertThat(cooldown.holds(A)).isTrue();
        cooldown.tick();
        assertThat(cooldown.holds(A)).isFalse();
    }

    @Test
    void eachAddressExpiresOnItsOwnSchedule() {
        Cooldown cooldown = new Cooldown(10);
        cooldown.hold(A, 1);
        cooldown.hold(B, 2);

        cooldown.tick();

        assertThat(cooldown.holds(A)).isFalse();
        assertThat(cooldown.holds(B)).isTrue();
        assertThat(cooldown.holds(C)).isFalse();
    }

    @Test
    void oldestHoldMakesRoomWhenFull() {
        Cooldown cooldown = new Cooldown(2);
        cooldown.hold(A, 5);
        cooldown.hold(B, 5);

        cooldown.hold(C, 5);

        assertThat(cooldown.holds(A)).isFalse();
        assertThat(cooldown.holds(B)).isTrue();
        assertThat(cooldown.holds(C)).isTrue();
    }
}
