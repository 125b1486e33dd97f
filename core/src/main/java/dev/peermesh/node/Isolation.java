package dev.peermesh.node;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Since when a running node has had no neighbor, and when it should say so: first after {@code warnAfter}, then
 * again every {@code repeatEvery} while it lasts. The driver feeds it the node's online and offline events.
 *
 * <p>Thread-safe for reading {@link #since()}; the rest is called on the node's protocol thread.
 */
final class Isolation {

    /** The shortest wait between two warnings about the same stretch alone. */
    static final Duration MIN_REPEAT = Duration.ofMinutes(1);

    private final Duration warnAfter;

    private final Duration repeatEvery;

    private final Clock clock;

    private volatile @Nullable Instant since;

    private volatile boolean stopped;

    private @Nullable Instant lastWarning;

    Isolation(Duration warnAfter, Clock clock) {
        this.warnAfter = warnAfter;
        this.repeatEvery = warnAfter.compareTo(MIN_REPEAT) > 0 ? warnAfter : MIN_REPEAT;
        this.clock = clock;
    }

    /** The node started, alone. */
    void started() {
        alone();
    }

    /** The node lost its last neighbor. */
    void alone() {
        if (!stopped) {
            since = clock.instant();
            lastWarning = null;
        }
    }

    /** The node has a neighbor. */
    void online() {
        since = null;
        lastWarning = null;
    }

    /** The node stops: it is not isolated, it is leaving; neighbors it loses on the way do not count. */
    void stopped() {
        stopped = true;
        since = null;
    }

    /** Since when the node has had no neighbor, or {@code null} while it has one (or is not running). */
    @Nullable Instant since() {
        return since;
    }

    /** How long the node has been alone, or {@code null} if it is not; when a warning is due, noting that it is. */
    @Nullable Duration warningDue() {
        Instant start = since;
        if (start == null) {
            return null;
        }
        Instant now = clock.instant();
        Duration alone = Duration.between(start, now);
        if (alone.compareTo(warnAfter) < 0
                || lastWarning != null && Duration.between(lastWarning, now).compareTo(repeatEvery) < 0) {
            return null;
        }
        lastWarning = now;
        return alone;
    }
}
