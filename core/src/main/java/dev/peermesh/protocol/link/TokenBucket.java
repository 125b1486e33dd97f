package dev.peermesh.protocol.link;

/**
 * A token bucket refilled by maintenance ticks, not by a clock, so the protocol stays deterministic: the simulator
 * and the Netty driver refill it alike. Tokens are kept in thousandths, so a rate of a few per second still refills
 * something on every tick of a few hundred milliseconds.
 *
 * <p>{@code TokenBucket bucket = new TokenBucket(100, 50, 250); if (!bucket.take(1)) { refuse(); } bucket.refill();}
 */
final class TokenBucket {

    private final long capacity;

    private final long refill;

    private long tokens;

    /**
     * A full bucket.
     *
     * @param capacity most tokens held: the burst allowed
     * @param perSecond tokens added per second
     * @param tickMillis the time between two {@link #refill()} calls
     */
    TokenBucket(long capacity, long perSecond, long tickMillis) {
        this.capacity = capacity * 1000;
        this.refill = perSecond * tickMillis;
        this.tokens = this.capacity;
    }

    /** Takes {@code count} tokens if the bucket holds them; takes nothing and answers false otherwise. */
    boolean take(int count) {
        long needed = count * 1000L;
        if (tokens < needed) {
            return false;
        }
        tokens -= needed;
        return true;
    }

    /** One tick passed: adds a tick's worth of tokens, up to the capacity. */
    void refill() {
        tokens = Math.min(capacity, tokens + refill);
    }
}
