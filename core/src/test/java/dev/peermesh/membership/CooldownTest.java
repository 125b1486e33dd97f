package dev.peermesh.membership;

import dev.peermesh.PeerAddress;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Addresses held back from dialling after failures, for a number of maintenance ticks that doubles while failures
 * repeat, up to a cap.
 */
class CooldownTest {

    private static final PeerAddress A = new PeerAddress("10.2.0.1", 7400);
    private static final PeerAddress B = new PeerAddress("10.2.0.2", 7400);
    private static final PeerAddress C = new PeerAddress("10.2.0.3", 7400);

    @Test
    void firstFailureHoldsTheAddressForExactlyTheInitialTicks() {
        Cooldown cooldown = new Cooldown(10, 3, 100);

        assertThat(cooldown.failed(A)).isEqualTo(3);

        assertThat(ticksHeld(cooldown, A)).isEqualTo(3);
    }

    @Test
    void holdOfOneTickEndsAtTheNextTick() {
        Cooldown cooldown = new Cooldown(10, 1, 1);

        cooldown.failed(A);

        assertThat(cooldown.holds(A)).isTrue();
        cooldown.tick();
        assertThat(cooldown.holds(A)).isFalse();
    }

    @Test
    void repeatedFailuresDoubleTheHoldUpToTheMaximum() {
        Cooldown cooldown = new Cooldown(10, 3, 40);
        List<Integer> holds = new ArrayList<>();

        for (int i = 0; i < 7; i++) {
            holds.add(cooldown.failed(A));
            holds.set(i, ticksHeld(cooldown, A)); // what actually held, tick by tick
        }

        assertThat(holds).containsExactly(3, 6, 12, 24, 40, 40, 40);
        assertThat(cooldown.failures(A)).isEqualTo(7);
    }

    @Test
    void failingAgainWhileHeldMovesToTheNextStepAtOnce() {
        Cooldown cooldown = new Cooldown(10, 2, 100);
        cooldown.failed(A);
        cooldown.tick();

        assertThat(cooldown.failed(A)).isEqualTo(4);
        assertThat(ticksHeld(cooldown, A)).isEqualTo(4);
    }

    @Test
    void linkingForgetsTheStreak() {
        Cooldown cooldown = new Cooldown(10, 3, 100);
        cooldown.failed(A);
        cooldown.failed(A);
        cooldown.failed(A);

        cooldown.succeeded(A);

        assertThat(cooldown.holds(A)).as("dialable at once").isFalse();
        assertThat(cooldown.failures(A)).isZero();
        assertThat(cooldown.failed(A)).as("starts over").isEqualTo(3);
    }

    @Test
    void addressQuietForTheMaximumAfterItsHoldStartsOver() {
        Cooldown cooldown = new Cooldown(10, 2, 8);
        cooldown.failed(A);
        cooldown.failed(A); // held 4
        tick(cooldown, 4 + 7);
        assertThat(cooldown.failures(A)).as("still remembered one tick before the quiet time is up").isEqualTo(2);

        cooldown.tick();

        assertThat(cooldown.failures(A)).isZero();
        assertThat(cooldown.size()).isZero();
        assertThat(cooldown.failed(A)).isEqualTo(2);
    }

    @Test
    void eachAddressExpiresOnItsOwnSchedule() {
        Cooldown cooldown = new Cooldown(10, 1, 100);
        cooldown.failed(A);
        cooldown.failed(B);
        cooldown.failed(B);

        cooldown.tick();

        assertThat(cooldown.holds(A)).isFalse();
        assertThat(cooldown.holds(B)).isTrue();
        assertThat(cooldown.holds(C)).isFalse();
    }

    @Test
    void addressThatFailedLongestAgoMakesRoomWhenFull() {
        Cooldown cooldown = new Cooldown(2, 5, 100);
        cooldown.failed(A);
        cooldown.failed(B);
        cooldown.failed(A); // A failed last now

        cooldown.failed(C);

        assertThat(cooldown.size()).isEqualTo(2);
        assertThat(cooldown.holds(B)).isFalse();
        assertThat(cooldown.failures(A)).isEqualTo(2);
        assertThat(cooldown.holds(C)).isTrue();
    }

    @Test
    void memoryStaysWithinItsCapacityWhateverFails() {
        Cooldown cooldown = new Cooldown(64, 3, 100);

        for (int i = 0; i < 10_000; i++) {
            cooldown.failed(new PeerAddress("10.3." + (i >> 8 & 0xFF) + "." + (i & 0xFF), 7400));
        }

        assertThat(cooldown.size()).isEqualTo(64);
    }

    @Test
    void initialAboveMaximumIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Cooldown(10, 5, 4)).withMessageContaining("max 4");
        assertThatIllegalArgumentException().isThrownBy(() -> new Cooldown(10, 0, 4));
        assertThatIllegalArgumentException().isThrownBy(() -> new Cooldown(0, 1, 4));
    }

    /** Ticks until the address is no longer held. */
    private static int ticksHeld(Cooldown cooldown, PeerAddress address) {
        int ticks = 0;
        while (cooldown.holds(address)) {
            cooldown.tick();
            ticks++;
        }
        return ticks;
    }

    private static void tick(Cooldown cooldown, int ticks) {
        for (int i = 0; i < ticks; i++) {
            cooldown.tick();
        }
    }
}
