package dev.peermesh;

import static dev.peermesh.SettingChecks.positive;
import static dev.peermesh.SettingChecks.range;

import java.time.Duration;

/**
 * How neighbors are pinged and when a silent one is taken for dead (properties {@code peermesh.keepalive.*},
 * {@link MeshSettings.Builder#keepalive}).
 *
 * <p>{@code Duration deadAfter = keepalive.interval().multipliedBy(keepalive.misses());}
 *
 * @param interval how often neighbors are pinged
 * @param misses keepalive intervals without a frame after which a neighbor is taken for dead (1 to 100)
 */
public record KeepaliveSettings(Duration interval, int misses) {

    public KeepaliveSettings {
        positive("keepalive.interval", interval);
        range("keepalive.misses", misses, 1, 100);
    }
}
