package dev.peermesh.protocol;

import dev.peermesh.Neighbor;
import dev.peermesh.protocol.link.Link;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * HyParView's active view: the node's neighbors, one established link per peer, in the order they came. Only
 * {@link Links} changes it, as links are established and end; the other parts read it, membership by peer id through
 * {@link MembershipLinks}. It tells the driver when the neighbor that accepts the shortest messages changes. It stays
 * in the protocol because it holds the links themselves.
 */
final class ActiveView {

    private final Map<Long, Link> neighbors = new LinkedHashMap<>();

    private final Collection<Link> links = Collections.unmodifiableCollection(neighbors.values());

    private final Actions actions;

    /** The neighbor with the smallest maximum message size, or {@code null} without neighbors. */
    private @Nullable NeighborLimit smallestLimit;

    ActiveView(Actions actions) {
        this.actions = actions;
    }

    /** The neighbor link with this peer, or {@code null}. */
    @Nullable Link get(long peerId) {
        return neighbors.get(peerId);
    }

    boolean contains(long peerId) {
        return neighbors.containsKey(peerId);
    }

    int size() {
        return neighbors.size();
    }

    boolean isEmpty() {
        return neighbors.isEmpty();
    }

    /** The neighbor links, in the order they came; a view, not to be changed while walked. */
    Collection<Link> links() {
        return links;
    }

    /** The neighbors as the API shows them. */
    List<Neighbor> neighbors() {
        List<Neighbor> current = new ArrayList<>(neighbors.size());
        for (Link link : neighbors.values()) {
            current.add(link.neighbor());
        }
        return current;
    }

    /** The neighbor with the smallest maximum message size, or {@code null} without neighbors. */
    @Nullable NeighborLimit smallestLimit() {
        return smallestLimit;
    }

    /** A maintenance tick passed: every neighbor's budgets of frames and referrals refill. */
    void refill() {
        for (Link link : neighbors.values()) {
            link.refill();
        }
    }

    /** Makes the link the neighbor link with its peer, in place of any other. */
    void put(Link link) {
        neighbors.put(link.peerId(), link);
    }

    /** Removes the link when it is the neighbor link with its peer; answers whether it was. */
    boolean remove(Link link) {
        if (neighbors.get(link.peerId()) == link) {
            neighbors.remove(link.peerId());
            return true;
        }
        return false;
    }

    /** Removes whatever neighbor link there is with the peer. */
    void removePeer(long peerId) {
        neighbors.remove(peerId);
    }

    /**
     * After the neighbor set changed: tells the driver when the neighbor with the smallest maximum message size is
     * another, so publishers can check against it without asking this thread.
     */
    void changed() {
        Link smallest = null;
        for (Link link : neighbors.values()) {
            if (smallest == null || link.peerMaxMessageSize() < smallest.peerMaxMessageSize()) {
                smallest = link;
            }
        }
        NeighborLimit limit = smallest == null ? null
                : new NeighborLimit(smallest.neighbor(), smallest.peerMaxMessageSize());
        if (!Objects.equals(limit, smallestLimit)) {
            smallestLimit = limit;
            actions.smallestNeighborLimit(limit);
        }
    }
}
