package dev.peermesh.log;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One line per reason per interval, with the count of lines held back, on a clock the test moves.
 */
class RateLimitedLogTest {

    private final AtomicLong nanos = new AtomicLong(1_000);

    private final Logger logger = (Logger) LoggerFactory.getLogger("test.rate-limited." + System.nanoTime());

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    private RateLimitedLog log;

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
        log = new RateLimitedLog(logger, Duration.ofSeconds(10), nanos::get);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void floodOfOneReasonWritesOneLinePerIntervalAndCountsTheRest() {
        for (int i = 0; i < 1_000; i++) {
            log.warn("frame-rate", "link {} too fast", i);
        }
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("[frame-rate] link 0 too fast");

        advance(9_999);
        assertThat(log.warn("frame-rate", "link {} too fast", "late")).isFalse();
        advance(1);
        assertThat(log.warn("frame-rate", "link {} too fast", "next")).isTrue();

        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "[frame-rate] link 0 too fast",
                "[frame-rate] link next too fast (1000 more like it not logged)");
    }

    @Test
    void eachReasonHasItsOwnAllowance() {
        log.warn("wrong-mesh", "a");
        log.warn("authentication-failed", "b");
        log.warn("wrong-mesh", "c");

        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("[wrong-mesh] a", "[authentication-failed] b");
    }

    private void advance(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
