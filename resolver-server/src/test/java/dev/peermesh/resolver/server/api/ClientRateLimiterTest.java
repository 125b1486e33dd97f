package dev.peermesh.resolver.server.api;

import dev.peermesh.resolver.server.MutableClock;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Token buckets per client address, on a clock the test moves. */
class ClientRateLimiterTest {

    private final MutableClock clock = new MutableClock();

    @Test
    void clientGetsItsBurstAtOnceThenItsRateAndNoMore() {
        ClientRateLimiter limiter = new ClientRateLimiter(2, 5, 100, clock);

        assertThat(acquired(limiter, "10.0.0.1", 10)).isEqualTo(5);
        clock.advance(Duration.ofMillis(500));
        assertThat(acquired(limiter, "10.0.0.1", 10)).isEqualTo(1);
        clock.advance(Duration.ofSeconds(60));
        assertThat(acquired(limiter, "10.0.0.1", 10)).as("refilled up to the burst only").isEqualTo(5);
    }

    @Test
    void oneClientOverItsRateDoesNotTouchAnother() {
        ClientRateLimiter limiter = new ClientRateLimiter(1, 3, 100, clock);

        assertThat(acquired(limiter, "10.0.0.1", 50)).isEqualTo(3);
        assertThat(acquired(limiter, "10.0.0.2", 3)).isEqualTo(3);
    }

    @Test
    void trackedClientsAreBoundedAndTheLeastRecentIsForgotten() {
        ClientRateLimiter limiter = new ClientRateLimiter(1, 1, 3, clock);
        for (int i = 0; i < 1_000; i++) {
            limiter.tryAcquire("10.0." + (i / 250) + "." + (i % 250));
        }

        assertThat(limiter.clients()).isEqualTo(3);
        assertThat(limiter.tryAcquire("10.0.3.249")).as("recent client still held to its rate").isFalse();
        assertThat(limiter.tryAcquire("10.0.0.0")).as("forgotten client starts afresh").isTrue();
    }

    private static int acquired(ClientRateLimiter limiter, String client, int attempts) {
        int acquired = 0;
        for (int i = 0; i < attempts; i++) {
            if (limiter.tryAcquire(client)) {
                acquired++;
            }
        }
        return acquired;
    }
}
