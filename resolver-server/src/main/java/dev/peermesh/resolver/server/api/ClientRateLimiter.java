package dev.peermesh.resolver.server.api;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per client address: each client may make {@code perSecond} requests a second on average and
 * {@code burst} at once. At most {@code maxClients} buckets are kept; the client heard from least recently is
 * forgotten first (and starts again with a full bucket), so memory stays bounded whoever calls.
 *
 * <p>{@code if (!limiter.tryAcquire(request.getRemoteAddr())) { answer429(); }}
 *
 * <p>Thread-safe.
 */
public final class ClientRateLimiter {

    private final double perMilli;

    private final double burst;

    private final Clock clock;

    private final Map<String, Bucket> buckets;

    public ClientRateLimiter(int perSecond, int burst, int maxClients, Clock clock) {
        this.perMilli = perSecond / 1000.0;
        this.burst = burst;
        this.clock = clock;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxClients;
            }
        };
    }

    /** Takes one request from the client's allowance; false when it has none left now. */
    public boolean tryAcquire(String client) {
        long now = clock.millis();
        synchronized (buckets) {
            Bucket bucket = buckets.computeIfAbsent(client, key -> new Bucket(burst, now));
            bucket.tokens = Math.min(burst, bucket.tokens + Math.max(0, now - bucket.at) * perMilli);
            bucket.at = now;
            if (bucket.tokens < 1) {
                return false;
            }
            bucket.tokens -= 1;
            return true;
        }
    }

    /** How many clients are remembered now. */
    public int clients() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    private static final class Bucket {

        double tokens;

        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
