package dev.peermesh;

import org.jspecify.annotations.Nullable;

/**
 * A mesh setting has a value that is not allowed. The setting is named as its Spring Boot property under
 * {@code peermesh.} (for example {@code neighbors.max}), so the starter can report the property to fix.
 *
 * <p>{@code catch (InvalidSettingException ex) { log.error("peermesh.{}: {}", ex.setting(), ex.reason()); }}
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private final String setting;

    private final transient Object value;

    private final String reason;

    public InvalidSettingException(String setting, @Nullable Object value, String reason) {
        super("Mesh setting '" + setting + "' is " + value + "; " + reason);
        this.setting = setting;
        this.value = value;
        this.reason = reason;
    }

    /** The setting, named as its property below {@code peermesh.}. */
    public String setting() {
        return setting;
    }

    /** The value given. */
    public Object value() {
        return value;
    }

    /** What is allowed instead. */
    public String reason() {
        return reason;
    }
}
