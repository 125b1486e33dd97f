package dev.peermesh;

import static dev.peermesh.SettingChecks.positive;

import java.time.Duration;

/**
 * How long an address is not dialled again after a link to it failed or was refused, whichever side found the
 * fault: wrong password, wrong mesh, TLS, timeout, no answer (properties {@code peermesh.dial-backoff.*},
 * {@link MeshSettings.Builder#dialBackoff}). Each further failure in a row doubles the wait, up to {@code max}; a
 * link to the address that is established resets it.
 *
 * <p>{@code Duration firstWait = settings.dialBackoff().initial();}
 *
 * <p>Peers lost without a word (a neighbor whose link broke, a known peer out of reach) are dialled again apart
 * from that: up to {@code lostPeers} of them, for {@code lostPeerRetention}, the wait between two dials of one
 * doubling from a maintenance tick up to {@code lostPeerRetry} — the way back to the other half of a mesh that was
 * cut in two, without the resolver.
 *
 * @param initial the wait after the first failure
 * @param max the longest wait before an address that keeps failing is dialled again (initial to 1 day)
 * @param lostPeers most lost peers kept for dialling again (0 to 1,024; 0: none, HyParView's rule)
 * @param lostPeerRetry the longest wait between two dials of a lost peer
 * @param lostPeerRetention how long a lost peer is dialled again before it is forgotten
 */
public record DialBackoffSettings(Duration initial, Duration max, int lostPeers, Duration lostPeerRetry,
        Duration lostPeerRetention) {

    /** Lost peers kept by default. */
    public static final int DEFAULT_LOST_PEERS = 16;

    /** The longest wait between two dials of a lost peer by default. */
    public static final Duration DEFAULT_LOST_PEER_RETRY = Duration.ofSeconds(2);

    /** How long a lost peer is dialled again by default. */
    public static final Duration DEFAULT_LOST_PEER_RETENTION = Duration.ofMinutes(10);

    public DialBackoffSettings {
        positive("dial-backoff.initial", initial);
        positive("dial-backoff.max", max);
        if (max.compareTo(initial) < 0 || max.compareTo(Duration.ofDays(1)) > 0) {
            throw new InvalidSettingException("dial-backoff.max", max, "at least dial-backoff.initial ("
                    + initial + ") and at most 1 day (MeshSettings.Builder.dialBackoff)");
        }
        if (lostPeers < 0 || lostPeers > 1_024) {
            throw new InvalidSettingException("dial-backoff.lost-peers", lostPeers, "0 (none) to 1024 "
                    + "(MeshSettings.Builder.lostPeers)");
        }
        positive("dial-backoff.lost-peer-retry", lostPeerRetry);
        positive("dial-backoff.lost-peer-retention", lostPeerRetention);
    }

    /** The back-off with the default handling of lost peers. */
    public DialBackoffSettings(Duration initial, Duration max) {
        this(initial, max, DEFAULT_LOST_PEERS, DEFAULT_LOST_PEER_RETRY, DEFAULT_LOST_PEER_RETENTION);
    }
}
