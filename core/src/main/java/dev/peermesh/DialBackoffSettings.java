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
 * @param initial the wait after the first failure
 * @param max the longest wait before an address that keeps failing is dialled again (initial to 1 day)
 */
public record DialBackoffSettings(Duration initial, Duration max) {

    public DialBackoffSettings {
        positive("dial-backoff.initial", initial);
        positive("dial-backoff.max", max);
        if (max.compareTo(initial) < 0 || max.compareTo(Duration.ofDays(1)) > 0) {
            throw new InvalidSettingException("dial-backoff.max", max, "at least dial-backoff.initial ("
                    + initial + ") and at most 1 day (MeshSettings.Builder.dialBackoff)");
        }
    }
}
