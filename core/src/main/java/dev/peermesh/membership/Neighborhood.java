package dev.peermesh.membership;

import dev.peermesh.PeerAddress;
import dev.peermesh.Rejection;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Referral;

import java.util.List;

/**
 * What membership sees of the node's links and asks of them, by peer id: the neighbors (HyParView's active view),
 * the dials still in their handshake, each neighbor's budget of referrals and pending shuffle, and the frames, dials
 * and resolver requests to send. The protocol implements it over its links; membership never holds a link.
 *
 * <p>{@code if (neighborhood.size() < ideal) neighborhood.dial(address);}
 */
public interface Neighborhood {

    /** Whether the node runs: it dials only then. */
    boolean running();

    /**
     * The neighbors, by peer id and the address each gave, in the order they became neighbors: a new list, the
     * caller's to change.
     */
    List<Referral> neighbors();

    /** How many neighbors the node has. */
    int size();

    /** Whether the peer is a neighbor. */
    boolean contains(long peer);

    /** Links this node dialled that are still in their handshake. */
    int outboundHandshakes();

    /** Whether some link, in any stage, was dialled to this address or leads to a peer that gave it as its own. */
    boolean reaches(PeerAddress address);

    /** Takes {@code count} from the neighbor's budget of referrals; false (taking none) when it is over its rate. */
    boolean takeReferrals(long peer, int count);

    /** This node sent the neighbor a SHUFFLE. */
    void shuffleSent(long peer);

    /** A SHUFFLE_REPLY came: whether it answers a SHUFFLE this node sent the neighbor, no longer waited for. */
    boolean shuffleAnswered(long peer);

    /** Sends a frame to the neighbor. */
    void send(long peer, Frame frame);

    /** Opens a link to the address. */
    void dial(PeerAddress address);

    /** Asks the resolver for up to {@code maxAddresses} peers. */
    void resolve(int maxAddresses);

    /** Something that came on {@code link} (0 for none) was turned away: count and report it. */
    void reject(long link, Rejection reason, String detail);
}
