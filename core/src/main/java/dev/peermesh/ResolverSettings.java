package dev.peermesh;

import static dev.peermesh.SettingChecks.positive;
import static dev.peermesh.SettingChecks.range;

import java.time.Duration;

/**
 * How a node uses its peer resolver (properties {@code peermesh.resolver.refresh-interval} and
 * {@code peermesh.resolver.batch-size}; {@link MeshSettings.Builder#resolverRefreshInterval},
 * {@link MeshSettings.Builder#resolveBatch}).
 *
 * <p>{@code resolver.resolve(settings.resolver().batchSize())}
 *
 * @param refreshInterval how often the node refreshes its resolver registration
 * @param batchSize most addresses asked of the resolver at once (1 to 100)
 */
public record ResolverSettings(Duration refreshInterval, int batchSize) {

    public ResolverSettings {
        range("resolver.batch-size", batchSize, 1, 100);
        positive("resolver.refresh-interval", refreshInterval);
    }
}
