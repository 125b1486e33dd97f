package dev.peermesh.protocol;

import dev.peermesh.membership.Repair;
import dev.peermesh.protocol.link.Link;
import dev.peermesh.protocol.link.LinkTable;
import dev.peermesh.security.OriginVerifier;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Reason;

/**
 * Origin authentication on the links: an origin's key goes out on a link before its first signed message there, keys
 * and messages that arrive are checked by the {@link OriginVerifier}, and a neighbor that relays what its origin did
 * not sign loses its link.
 */
final class Signatures {

    private final OriginVerifier verifier;
    private final Actions actions;
    private final ProtocolCounters counters;
    private final LinkTable links;
    private final Repair repair;
    private final Closer closer;

    Signatures(OriginVerifier verifier, Actions actions, ProtocolCounters counters, LinkTable links, Repair repair,
            Closer closer) {
        this.verifier = verifier;
        this.actions = actions;
        this.counters = counters;
        this.links = links;
        this.repair = repair;
        this.closer = closer;
    }

    /** A neighbor sent an origin's key. */
    void learn(Link link, Frame.OriginKey key) {
        OriginVerifier.Verdict verdict = verifier.learn(key);
        if (!verdict.accepted()) {
            reject(link, verdict);
        }
    }

    /** A neighbor sent a seal of an origin's messages. */
    void learn(Link link, Frame.Seal seal) {
        OriginVerifier.Verdict verdict = verifier.learn(seal);
        if (!verdict.accepted()) {
            reject(link, verdict);
        }
    }

    /** Whether a message that came on link {@code id} is what its origin signed (or needs no signature). */
    boolean authentic(long id, Frame.Data message) {
        OriginVerifier.Verdict verdict = verifier.verify(message);
        if (verdict.accepted()) {
            return true;
        }
        Link link = links.get(id);
        if (link != null && link.established()) {
            reject(link, verdict);
        }
        return false;
    }

    /**
     * A receiver can check a signed message only with its origin's key, and a sealed one only with its seal too: the
     * key goes first, once per link, then the seal, unless it was the last of that origin's sent on the link.
     *
     * @return whether the message may go out: not a sealed one whose seal this node no longer keeps (the neighbor
     *         could not check it, and gets it from another)
     */
    boolean sendFirst(long id, Frame.Data message) {
        Link link = links.get(id);
        if (link == null) {
            return true;
        }
        long origin = message.origin();
        if (link.needsKey(origin)) {
            Frame.OriginKey key = verifier.credential(origin);
            if (key != null) {
                actions.send(id, key);
            }
            else {
                link.keyNotSent(origin);
            }
        }
        if (message.sealed()) {
            long first = verifier.sealFirst(origin, message.sequence());
            if (first == 0) {
                return false; // the neighbor pulls it from another, or reports it lost after the repair window
            }
            if (link.needsSeal(origin, first)) {
                Frame.Seal seal = verifier.seal(origin, message.sequence());
                if (seal == null) {
                    return false;
                }
                actions.send(id, seal);
            }
        }
        return true;
    }

    /**
     * A message or origin key from this link failed verification: count it, and when it is forged, close the link
     * (the neighbor relayed what its origin did not send) and do not dial that peer again for a while.
     */
    private void reject(Link link, OriginVerifier.Verdict verdict) {
        boolean isForged = verdict.outcome() == OriginVerifier.Outcome.FORGED;
        counters.unverified(isForged);
        actions.event(new MeshEvent.MessageRejected(link.neighbor(), isForged, verdict.detail()));
        if (isForged) {
            repair.left(link.peerAddress());
            closer.close(link, Reason.FORGED_MESSAGE, verdict.detail(), true);
        }
    }
}
