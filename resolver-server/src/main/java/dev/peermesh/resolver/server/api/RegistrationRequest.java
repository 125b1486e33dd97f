package dev.peermesh.resolver.server.api;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The body of register and refresh; unknown fields are ignored, missing ones are refused by {@link RequestRules}.
 *
 * <p>{@code {"nodeId": "5f1c0e2a9b7d4c31", "addresses": ["10.0.0.7:7400"]}}
 *
 * @param nodeId the node's id, 16 lower-case hex digits
 * @param addresses where the node listens, {@code host:port} or {@code [ipv6]:port}
 */
public record RegistrationRequest(@Nullable String nodeId, @Nullable List<String> addresses) {
}
