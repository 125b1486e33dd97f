package dev.peermesh.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * At most one line per interval, and the next line says how many were held back.
 */
class RateLimitedLogTest {

    @Test
    void writesOneLinePerIntervalAndCountsTheRest() {
        Logger logger = (Logger) LoggerFactory.getLogger("rate-limited-test");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        AtomicLong now = new AtomicLong(1_000);
        RateLimitedLog log = new RateLimitedLog(logger, TimeUnit.SECONDS.toNanos(10), now::get);

        assertThat(log.warn("forged {}", 1)).isTrue();
        assertThat(log.warn("forged {}", 2)).isFalse();
        now.addAndGet(TimeUnit.SECONDS.toNanos(9));
        assertThat(log.warn("forged {}", 3)).isFalse();
        assertThat(log.suppressed()).isEqualTo(2);
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(log.warn("forged {}", 4)).isTrue();

        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("forged 1", "forged 4 (2 similar lines suppressed)");
        assertThat(log.suppressed()).isZero();
        logger.detachAppender(lines);
    }
}
