package dev.peermesh;

import static dev.peermesh.SettingChecks.positive;
import static dev.peermesh.SettingChecks.range;

import java.time.Duration;

/**
 * Tree mode: bounds of the cache of recent messages kept to answer pulls (properties
 * {@code peermesh.message-cache.*}, {@link MeshSettings.Builder#messageCache}). Its bytes must hold at least one
 * message of the largest size; {@link MeshSettings.Builder#build()} checks that.
 *
 * <p>{@code Duration keptFor = settings.messageCache().maxAge();}
 *
 * @param count most messages kept (1 to 10,000,000)
 * @param bytes most payload bytes kept
 * @param maxAge how long a message is kept
 */
public record MessageCacheSettings(int count, long bytes, Duration maxAge) {

    public MessageCacheSettings {
        range("message-cache.count", count, 1, 10_000_000);
        positive("message-cache.max-age", maxAge);
    }
}
