package dev.peermesh;

import java.time.Duration;

/** The checks {@link MeshSettings} and its groups share; each failure names the property under {@code peermesh.}. */
final class SettingChecks {

    private SettingChecks() {
    }

    static void range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidSettingException(name, value, "allowed: " + min + " to " + max);
        }
    }

    static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidSettingException(name, value, "give a positive duration");
        }
    }

    static void notNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new InvalidSettingException(name, value, "give a duration of zero or more");
        }
    }
}
