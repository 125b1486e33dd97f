package dev.peermesh.node;


import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a node alone says so: after the warning time, then at most once a minute while it lasts, never while it has
 * a neighbor or once it stops; on a clock the test moves.
 */
class IsolationTest {

    private final MovableClock clock = new MovableClock();

    private final Isolation isolation = new Isolation(Duration.ofSeconds(10), clock);

    @Test
    void nodeAloneWarnsOnceTheWarningTimeHasPassedThenOnceAMinute() {
        isolation.started();
        Instant start = clock.instant();

        clock.advance(Duration.ofMillis(9_999));
        assertThat(isolation.warningDue()).isNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(isolation.warningDue()).isEqualTo(Duration.ofSeconds(10));
        assertThat(isolation.warningDue()).as("just warned").isNull();
        clock.advance(Duration.ofSeconds(59));
        assertThat(isolation.warningDue()).isNull();
        clock.advance(Duration.ofSeconds(1));
        assertThat(isolation.warningDue()).isEqualTo(Duration.ofSeconds(70));
        assertThat(isolation.since()).isEqualTo(start);
    }

    @Test
    void neighborEndsTheIsolationAndLosingTheLastStartsItAgain() {
        isolation.started();
        clock.advance(Duration.ofSeconds(30));
        isolation.online();
        assertThat(isolation.since()).isNull();
        assertThat(isolation.warningDue()).isNull();

        isolation.alone();
        Instant lost = clock.instant();
        clock.advance(Duration.ofSeconds(10));

        assertThat(isolation.since()).isEqualTo(lost);
        assertThat(isolation.warningDue()).as("a new stretch alone warns afresh").isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void stoppingNodeIsNotIsolatedEvenAsItLosesItsNeighbors() {
        isolation.started();
        isolation.stopped();
        isolation.alone();
        clock.advance(Duration.ofMinutes(5));

        assertThat(isolation.since()).isNull();
        assertThat(isolation.warningDue()).isNull();
    }

    @Test
    void longWarningTimeIsAlsoTheRepeatInterval() {
        Isolation slow = new Isolation(Duration.ofMinutes(3), clock);
        slow.started();
        clock.advance(Duration.ofMinutes(3));
        assertThat(slow.warningDue()).isNotNull();

        clock.advance(Duration.ofMinutes(2));
        assertThat(slow.warningDue()).isNull();
        clock.advance(Duration.ofMinutes(1));
        assertThat(slow.warningDue()).isEqualTo(Duration.ofMinutes(6));
    }

    private static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2026-12-03T22:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
