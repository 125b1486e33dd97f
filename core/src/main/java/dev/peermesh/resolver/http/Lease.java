package dev.peermesh.resolver.http;

import java.time.Duration;

/**
 * A registration the resolver server holds for a node: its id, and how long it lives without a refresh.
 *
 * @param registrationId the server's id of the registration (32 hex digits)
 * @param duration how long the server keeps it from now
 */
record Lease(String registrationId, Duration duration) {
}
