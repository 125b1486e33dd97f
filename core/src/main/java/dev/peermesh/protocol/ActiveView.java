package dev.peermesh.protocol;

import dev.peermesh.Neighbour;
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
 * HyParView's active view: the node's neighbours, one established link per peer, in the order they came. Only
 * {@link Links} changes it, as links are established and end; the other parts read it, membership by peer id through
 * {@link MembershipLinks}. It tells the driver when the neighbour that accepts the shortest messages changes. It stays
 * in the protocol because it holds the links themselves.
 */
final class ActiveView {

    private final Map<Long, Link> neighbours = new LinkedHashMap<>();

    private final Collection<Link> links = Collections.unmodifiableCollection(neighbours.values());

    private final Actions actions;

    /** The neighbour with the smallest maximum message size, or {@code null} without neighbours. */
    private @Nullable NeighborLimit smallestLimit;

    ActiveView(Actions actions) {
        this.actions = actions;
    }

    /** The neighbour link with this peer, or {@code null}. */
    @Nullable Link get(long peerId) {
        return neighbours.get(peerId);
    }

    boolean contains(long peerId) {
        return neighbours.containsKey(peerId);
    }

    int size() {
        return neighbours.size();
    }

    boolean isEmpty() {
        return neighbours.isEmpty();
    }

    /** The neighbour links, in the order they came; a view, not to be changed while walked. */
    Collection<Link> links() {
        return links;
    }

    /** The neighbours as the API shows them. */
    List<Neighbour> neighbours() {
        List<Neighbour> current = new ArrayList<>(neighbours.size());
        for (Link link : neighbours.values()) {
            current.add(link.neighbour());
        }
        return current;
    }

    /** The neighbour with the smallest maximum message size, or {@code null} without neighbours. */
    @Nullable NeighborLimit smallestLimit() {
        return smallestLimit;
    }

    /** A maintenance tick passed: every neighbour's budgets of frames and referrals refill. */
    void refill() {
        for (Link link : neighbours.values()) {
            link.refill();
        }
    }

    /** Makes the link the neighbour link with its peer, in place of any other. */
    void put(Link link) {
        neighbours.put(link.peerId(), link);
    }

    /** Removes the link when it is the neighbour link with its peer; answers whether it was. */
    boolean remove(Link link) {
        if (neighbours.get(link.peerId()) == link) {
            neighbours.remove(link.peerId());
            return true;
        }
        return false;
    }

    /** Removes whatever neighbour link there is with the peer. */
    void removePeer(long peerId) {
        neighbours.remove(peerId);
    }

    /**
     * After the neighbour set changed: tells the driver when the neighbour with the smallest maximum message size is
     * another, so publishers can check against it without asking this thread.
     */
    void changed() {
        Link smallest = null;
        for (Link link : neighbours.values()) {
            if (smallest == null || link.peerMaxMessageSize() < smallest.peerMaxMessageSize()) {
                smallest = link;
            }
        }
        NeighborLimit limit = smallest == null ? null
                : new NeighborLimit(smallest.neighbour(), smallest.peerMaxMessageSize());
        if (!Objects.equals(limit, smallestLimit)) {
            smallestLimit = limit;
            actions.smallestNeighborLimit(limit);
        }
    }
}
