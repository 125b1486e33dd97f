package dev.peermesh.autoconfigure;

import dev.peermesh.MeshSettings;

/**
 * Adjusts the auto-configured node's settings after the {@code peermesh.*} properties were applied.
 *
 * <p>{@code @Bean MeshSettingsCustomizer limits() { return settings -> settings.maxPendingPublishes(50_000); }}
 */
@FunctionalInterface
public interface MeshSettingsCustomizer {

    /** Adjusts the settings builder. */
    void customize(MeshSettings.Builder settings);
}
