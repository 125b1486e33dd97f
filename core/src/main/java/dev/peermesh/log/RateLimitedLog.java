package dev.peermesh.log;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

import org.slf4j.Logger;

/**
 * Writes a warning per reason at most once an interval, and says in the next line how many were held back, so a
 * flood of bad input cannot flood the log. Reasons are a fixed, small set (an enum's names, HTTP outcomes), never a
 * value a peer chooses, so the table stays small.
 *
 * <p>{@code log.warn("frame-rate", "Link {} to {} closed: {}", link, address, detail);}
 *
 * <p>Thread-safe.
 */
public final class RateLimitedLog {

    private final Logger logger;

    private final long intervalNanos;

    private final LongSupplier nanoClock;

    private final Map<String, Window> windows = new HashMap<>();

    /** One line per reason every {@code interval}, timed by {@link System#nanoTime()}. */
    public RateLimitedLog(Logger logger, Duration interval) {
        this(logger, interval, System::nanoTime);
    }

    /** One line per reason every {@code interval}, timed by the given clock (nanoseconds, as {@code nanoTime}). */
    public RateLimitedLog(Logger logger, Duration interval, LongSupplier nanoClock) {
        this.logger = Objects.requireNonNull(logger, "logger");
        this.intervalNanos = interval.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * Logs at WARN, unless a line for this reason was written less than an interval ago; then only counts it.
     *
     * @return whether a line was written
     */
    public boolean warn(String reason, String format, Object... arguments) {
        if (!logger.isWarnEnabled()) {
            return false;
        }
        long suppressed;
        synchronized (windows) {
            long now = nanoClock.getAsLong();
            Window window = windows.get(reason);
            if (window != null && now - window.writtenAt < intervalNanos) {
                window.suppressed++;
                return false;
            }
            suppressed = window == null ? 0 : window.suppressed;
            windows.put(reason, new Window(now));
        }
        if (suppressed > 0) {
            logger.warn("[" + reason + "] " + format + " (" + suppressed + " more like it not logged)", arguments);
        }
        else {
            logger.warn("[" + reason + "] " + format, arguments);
        }
        return true;
    }

    private static final class Window {

        final long writtenAt;

        long suppressed;

        Window(long writtenAt) {
            this.writtenAt = writtenAt;
        }
    }
}
