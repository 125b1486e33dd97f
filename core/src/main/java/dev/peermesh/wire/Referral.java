package dev.peermesh.wire;

import dev.peermesh.PeerAddress;

import java.util.Objects;

/**
 * A peer a node passes on so others can connect to it: its node id (0 when unknown) and address.
 *
 * @param nodeId the referred node's id, or 0 when unknown
 * @param address where it listens
 */
public record Referral(long nodeId, PeerAddress address) {

    public Referral {
        Objects.requireNonNull(address, "address");
    }
}
