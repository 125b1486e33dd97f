package dev.peermesh.resolver;

import dev.peermesh.PeerAddress;

import java.util.Objects;

/**
 * What a node tells a resolver about itself.
 *
 * @param meshId the mesh it belongs to
 * @param nodeId its node id
 * @param address the address it advertises
 */
public record PeerRegistration(String meshId, long nodeId, PeerAddress address) {

    public PeerRegistration {
        Objects.requireNonNull(meshId, "meshId");
        Objects.requireNonNull(address, "address");
    }
}
