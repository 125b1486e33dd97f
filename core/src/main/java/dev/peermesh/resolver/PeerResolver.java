package dev.peermesh.resolver;

import dev.peermesh.PeerAddress;

import java.util.List;

/**
 * Maps a mesh id to a few addresses of nodes in it, and lets nodes announce themselves: the counterpart of WCF's
 * {@code PeerResolver}. Implementations may block (they are called on the node's resolver thread, never on its
 * protocol thread) but should bound every call with a timeout and throw rather than hang.
 *
 * <p>{@code MeshNode.builder(settings).resolver(new StaticPeerResolver(List.of(PeerAddress.parse("seed:7400"))))}
 */
public interface PeerResolver extends AutoCloseable {

    /** Announces a node when it starts. */
    void register(PeerRegistration registration);

    /**
     * Renews a node's announcement, every {@code resolverRefreshInterval}. An implementation whose registration
     * expired or was lost registers again.
     */
    void refresh(PeerRegistration registration);

    /** Withdraws a node's announcement when it stops gracefully. */
    void unregister(PeerRegistration registration);

    /**
     * Stops keeping a node's announcement alive without withdrawing it: the node stopped abruptly ({@code abort()}),
     * or its graceful unregistration could not finish in time, so its record should lapse as if its process had
     * died. Called on the caller's thread: it must not block. By default nothing (nothing is kept alive).
     */
    default void abandon(PeerRegistration registration) {
    }

    /**
     * Up to {@code maxAddresses} addresses of nodes in the mesh, in random order; possibly the caller's own.
     *
     * @return the addresses found, empty when none are known
     */
    List<PeerAddress> resolve(String meshId, int maxAddresses);

    /** Releases what the resolver holds; by default nothing. */
    @Override
    default void close() {
    }
}
