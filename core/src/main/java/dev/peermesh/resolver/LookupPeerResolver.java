package dev.peermesh.resolver;

import dev.peermesh.PeerAddress;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * A resolver that only looks peers up: who is in the mesh is written down elsewhere — in configuration, in DNS, in
 * a service registry — so registering, refreshing and unregistering do nothing.
 *
 * <p>{@code class SeedFileResolver implements LookupPeerResolver { public List<PeerAddress> resolve(…) {…} }}
 */
public interface LookupPeerResolver extends PeerResolver {

    @Override
    default void register(PeerRegistration registration) {
    }

    @Override
    default void refresh(PeerRegistration registration) {
    }

    @Override
    default void unregister(PeerRegistration registration) {
    }

    /** Up to {@code maxAddresses} of the addresses found, in random order: what {@link #resolve} should return. */
    static List<PeerAddress> sample(Collection<PeerAddress> found, int maxAddresses) {
        List<PeerAddress> shuffled = new ArrayList<>(found);
        Collections.shuffle(shuffled);
        return List.copyOf(shuffled.subList(0, Math.min(Math.max(0, maxAddresses), shuffled.size())));
    }
}
