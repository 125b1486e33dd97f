package dev.peermesh.resolver.server.api;

import java.util.List;

import dev.peermesh.resolver.server.store.Peer;

/**
 * The answer of resolve: a random sample of live registrations, in random order.
 *
 * <p>{@code {"peers": [{"nodeId": "5f1c0e2a9b7d4c31", "addresses": ["10.0.0.7:7400"]}]}}
 *
 * @param peers the sample; empty for an unknown mesh
 */
public record PeersResponse(List<Peer> peers) {
}
