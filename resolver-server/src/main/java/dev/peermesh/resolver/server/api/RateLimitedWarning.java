package dev.peermesh.resolver.server.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import dev.peermesh.log.PeerText;

import org.slf4j.Logger;

/**
 * A WARN that clients can cause on every request, written at most once per interval: the first at once, later ones
 * folded into a count that the next line reports. A client that abandons thousands of requests cannot fill the log.
 *
 * <p>{@code abandoned.warn("A client abandoned its request: {}", detail);}
 */
final class RateLimitedWarning {

    private final Logger log;

    private final Duration interval;

    private final Clock clock;

    private final AtomicLong suppressed = new AtomicLong();

    private volatile Instant last = Instant.MIN;

    RateLimitedWarning(Logger log, Duration interval, Clock clock) {
        this.log = log;
        this.interval = interval;
        this.clock = clock;
    }

    /** Writes the warning, with how many were held back since the last, unless one was written within the interval. */
    void warn(String what, Object detail) {
        Instant now = clock.instant();
        synchronized (this) {
            if (last != Instant.MIN && now.isBefore(last.plus(interval))) {
                suppressed.incrementAndGet();
                return;
            }
            last = now;
        }
        long held = suppressed.getAndSet(0);
        log.warn("{}: {}{}", what, PeerText.escape(String.valueOf(detail), 512),
                held == 0 ? "" : " (" + held + " more like it in the last " + interval.toSeconds() + " s)");
    }
}
