package dev.peermesh.protocol.link;

import dev.peermesh.PeerAddress;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Every open link of a node by id, from its TCP opening to the driver's word that it closed, whatever its stage: the
 * map for walks over all links, and a {@link LinkIndex} beside it for the look-up of every frame read.
 *
 * <p>Not thread-safe: owned by the protocol thread. {@code table.add(link); Link link = table.get(id);}
 */
public final class LinkTable {

    private final Map<Long, Link> links = new HashMap<>();

    /** {@link #links} again, for the look-up of every frame read. */
    private final LinkIndex index = new LinkIndex();

    private final Collection<Link> all = Collections.unmodifiableCollection(links.values());

    /** Adds a link that just opened. */
    public void add(Link link) {
        links.put(link.id(), link);
        index.put(link.id(), link);
    }

    /** The link with this id, or {@code null}. */
    public @Nullable Link get(long id) {
        return index.get(id); // not the map: its boxed key is a cache miss (5 % at 10k nodes)
    }

    /** Forgets the link with this id: the driver closed it. */
    public @Nullable Link remove(long id) {
        Link link = links.remove(id);
        index.remove(id);
        return link;
    }

    /** Every link, in the map's order. */
    public Collection<Link> all() {
        return all;
    }

    /** Another link with the same peer whose handshake got far enough to know the peer. */
    public @Nullable Link successorOf(Link link) {
        for (Link other : links.values()) {
            if (other != link && !other.direct() && other.peerId() == link.peerId()
                    && (other.stage() == Link.Stage.AWAIT_WELCOME || other.stage() == Link.Stage.AWAIT_AUTH)) {
                return other;
            }
        }
        return null;
    }

    /** Links this node dialled that are still in their handshake. */
    public int outboundHandshakes() {
        int count = 0;
        for (Link link : links.values()) {
            if (link.outbound() && link.handshaking() && !link.direct()) {
                count++;
            }
        }
        return count;
    }

    /** Whether some link was dialled to this address or leads to a peer that gave it as its own. */
    public boolean reaches(PeerAddress address) {
        for (Link link : links.values()) {
            if (!link.direct() && (address.equals(link.dialled()) || address.equals(link.peerAddress()))) {
                return true; // a direct link is no neighbor link: the peer may still become a neighbor
            }
        }
        return false;
    }
}
