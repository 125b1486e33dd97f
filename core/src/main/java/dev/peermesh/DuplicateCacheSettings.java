package dev.peermesh;

import static dev.peermesh.SettingChecks.positive;
import static dev.peermesh.SettingChecks.range;

import java.time.Duration;

/**
 * Bounds of the cache that recognises messages a node has seen (properties {@code peermesh.duplicate-cache.*},
 * {@link MeshSettings.Builder#duplicateCache}).
 *
 * <p>{@code new DuplicateCache(settings.duplicateCache().origins(), ...)}
 *
 * @param origins most publishers whose sequence numbers the cache tracks (16 to 10,000,000)
 * @param maxIdle how long a silent publisher stays in the cache
 */
public record DuplicateCacheSettings(int origins, Duration maxIdle) {

    public DuplicateCacheSettings {
        range("duplicate-cache.origins", origins, 16, 10_000_000);
        positive("duplicate-cache.max-idle", maxIdle);
    }
}
