package dev.peermesh.resolver.server.api;

/**
 * The answer of register and refresh.
 *
 * <p>{@code {"registrationId": "9c6f…", "leaseSeconds": 600, "expiresAt": "2026-11-25T10:15:30Z"}}
 *
 * @param registrationId 32 lower-case hex digits, for refresh and unregister
 * @param leaseSeconds how long the registration lives without a refresh, in whole seconds
 * @param expiresAt when the lease runs out, ISO-8601 in UTC to the second
 */
public record RegistrationResponse(String registrationId, long leaseSeconds, String expiresAt) {
}
