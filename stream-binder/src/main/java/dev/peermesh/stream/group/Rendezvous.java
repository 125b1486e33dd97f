package dev.peermesh.stream.group;

import dev.peermesh.MessageId;

import java.util.Collection;

/**
 * Highest-random-weight (rendezvous) hashing: the member whose hash with the message id is highest handles the
 * message. Every node that knows the same members picks the same one, with no message exchanged; a member that
 * joins takes only the messages it now wins, and one that leaves gives its messages to each one's runner-up.
 *
 * <p>{@code long owner = Rendezvous.owner(members, message.id());}
 */
public final class Rendezvous {

    private Rendezvous() {
    }

    /**
     * The member that handles the message, or 0 when there is none.
     *
     * @param members node ids of the group's members
     */
    public static long owner(Collection<Long> members, MessageId id) {
        long key = mix(id.origin() * 0x9E3779B97F4A7C15L + id.sequence());
        long best = 0;
        long bestWeight = 0;
        boolean any = false;
        for (long member : members) {
            long weight = mix(key ^ mix(member));
            if (!any || Long.compareUnsigned(weight, bestWeight) > 0
                    || weight == bestWeight && Long.compareUnsigned(member, best) > 0) {
                best = member;
                bestWeight = weight;
                any = true;
            }
        }
        return best;
    }

    /** SplitMix64's finalizer: every input bit moves about half the output bits. */
    static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
