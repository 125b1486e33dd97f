package dev.peermesh.logging;

import java.util.function.LongSupplier;

import org.slf4j.Logger;

/**
 * A warning log that writes at most one line per interval and counts the lines it held back, so input a peer
 * controls (forged messages, say) cannot fill the disk. The next line written says how many were suppressed.
 *
 * <p>Thread-safe. {@code RateLimitedLog forged = new RateLimitedLog(log, Duration.ofSeconds(10).toNanos());
 * forged.warn("Dropped {} from {}", id, peer);}
 */
public final class RateLimitedLog {

    private final Logger log;

    private final long intervalNanos;

    private final LongSupplier nanoClock;

    private long lastWritten;

    private boolean written;

    private long suppressed;

    /** A log that writes at most one line per {@code intervalNanos}. */
    public RateLimitedLog(Logger log, long intervalNanos) {
        this(log, intervalNanos, System::nanoTime);
    }

    /** The same, with a clock of its own (for tests). */
    public RateLimitedLog(Logger log, long intervalNanos, LongSupplier nanoClock) {
        this.log = log;
        this.intervalNanos = intervalNanos;
        this.nanoClock = nanoClock;
    }

    /**
     * Writes a warning unless one was written less than an interval ago. Arguments are SLF4J's {@code {}}
     * placeholders' values.
     *
     * @return whether the line was written
     */
    public boolean warn(String format, Object... arguments) {
        long held;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (written && now - lastWritten < intervalNanos) {
                suppressed++;
                return false;
            }
            written = true;
            lastWritten = now;
            held = suppressed;
            suppressed = 0;
        }
        if (!log.isWarnEnabled()) {
            return true;
        }
        if (held > 0) {
            log.warn(format + " (" + held + " similar lines suppressed)", arguments);
        }
        else {
            log.warn(format, arguments);
        }
        return true;
    }

    /** Lines held back since the last one written. */
    public synchronized long suppressed() {
        return suppressed;
    }
}
