package dev.peermesh.resolver.server.store;

import java.util.List;

/**
 * One live registration as resolve answers it.
 *
 * <p>{@code peers.forEach(p -> connect(p.addresses()));}
 *
 * @param nodeId the node's id, 16 lower-case hex digits
 * @param addresses where the node listens, {@code host:port}
 */
public record Peer(String nodeId, List<String> addresses) {

    public Peer {
        addresses = List.copyOf(addresses);
    }
}
