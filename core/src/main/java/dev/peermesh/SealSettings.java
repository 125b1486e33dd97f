package dev.peermesh;

import static dev.peermesh.SettingChecks.range;

import java.time.Duration;
import java.util.Objects;

/**
 * How a node that signs its messages seals them (properties {@code peermesh.security.signatures.seal*}; builder
 * methods {@link MeshSettings.Builder#sealMessages}, {@link MeshSettings.Builder#sealInterval} and
 * {@link MeshSettings.Builder#sealCheckRate}). A seal is one signature over the digests of a run of the node's
 * messages, sent on each link before them; receivers check it once and each message by its digest
 * ({@code docs/security.md}, "Seals").
 *
 * <p>{@code Duration wait = settings.seals().interval();}
 *
 * @param enabled whether the node seals (default) rather than signing each message on its own; receivers accept
 *        both
 * @param interval least time between two of the node's seals (default 3 ms; 0 seals every run at once): a run
 *        published within it of the last seal waits for its end, unless a full seal's worth (512 messages) is
 *        waiting. Under load runs grow and receivers check fewer seals; a message after a quiet spell is sealed at
 *        once
 * @param checkRate seals a second a node aims to check, from all origins together (default 700: at 80 to 170 µs
 *        an Ed25519 check, 6 to 12 % of a core). Each sealing node counts the other origins whose seals reached it
 *        in the last second and seals at most once per (those origins) ÷ {@code checkRate} seconds when that is
 *        longer than {@code interval}: with 8 origins publishing, every 10 ms. More origins, longer runs and a
 *        longer wait before a message goes out (at most a second); the receivers' cost stays put. A rate of
 *        1,000,000 turns pacing off in effect
 */
public record SealSettings(boolean enabled, Duration interval, int checkRate) {

    /** Longest a paced interval gets, however many origins were heard: a second. */
    public static final long MAX_PACED_NANOS = 1_000_000_000L;

    public SealSettings {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new InvalidSettingException("security.signatures.seal-interval", interval,
                    "allowed: 0 (every run sealed at once) to 1s (MeshSettings.Builder.sealInterval)");
        }
        range("security.signatures.seal-check-rate", checkRate, 1, 1_000_000);
    }

    /**
     * The least time between two seals of a node that heard seals of {@code origins} other origins in the last
     * second: {@link #interval}, or longer so that every node checks about {@link #checkRate} seals a second.
     */
    public long intervalNanos(int origins) {
        long paced = Math.min(origins * 1_000_000_000L / checkRate, MAX_PACED_NANOS);
        return Math.max(interval.toNanos(), paced);
    }
}
