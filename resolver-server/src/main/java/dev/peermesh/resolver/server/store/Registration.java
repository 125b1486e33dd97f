package dev.peermesh.resolver.server.store;

import java.time.Instant;
import java.util.List;

/**
 * A live registration as the store answers it.
 *
 * <p>{@code URI location = URI.create("/v1/meshes/" + mesh + "/registrations/" + r.registrationId());}
 *
 * @param registrationId 32 lower-case hex digits, chosen by the store
 * @param nodeId the node's id, 16 lower-case hex digits
 * @param addresses where the node listens, {@code host:port}
 * @param expiresAt when the lease runs out unless refreshed
 */
public record Registration(String registrationId, String nodeId, List<String> addresses, Instant expiresAt) {

    public Registration {
        addresses = List.copyOf(addresses);
    }
}
