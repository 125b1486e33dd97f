package dev.peermesh.sim;

import dev.peermesh.MeshMessage;
import dev.peermesh.MessageId;
import dev.peermesh.wire.Frame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a load run's repairs come from, seen from outside the protocol: which link brought each node its first copy
 * of each message, which links it pulled messages from, and where it sent payloads. Off by default (it remembers a
 * set of links per node and origin); {@link Simulation#traceTrees()} turns it on.
 * <ul>
 * <li>{@link #sentBack} — payloads a node sent on a link that had brought it first copies of the same origin's
 * messages: in a tree that stays a tree a node never sends an origin's payload towards its parent for that origin;
 * <li>{@link #pulledFirst} — first copies that came on a link the node had pulled that message from (GRAFT);
 * <li>{@link #pulledInVain} — pulls of a message whose first copy then came by another link: the payload was on its
 * way, and the pull only made a duplicate.
 * </ul>
 *
 * <p>{@code TreeTrace trace = simulation.traceTrees(); ... trace.pulledInVain}
 */
final class TreeTrace {

    long sentBack;
    long pulledFirst;
    long pulledInVain;

    /** Per node index: per origin, the link ends that brought it first copies of that origin's messages. */
    private final List<Map<Long, Set<Integer>>> parents = new ArrayList<>();
    /** Per node index: messages pulled and not yet delivered, with the end pulled from. */
    private final List<Map<MessageId, Integer>> pulls = new ArrayList<>();

    void sent(SimNode node, long link, Frame frame) {
        if (frame instanceof Frame.Data data && data.origin() != node.id) {
            Set<Integer> parentLinks = parents(node).get(data.origin());
            if (parentLinks != null && parentLinks.contains((int) link)) {
                sentBack++;
            }
        }
        else if (frame instanceof Frame.Graft graft) {
            for (MessageId id : graft.ids()) {
                pulls(node).putIfAbsent(id, (int) link);
            }
        }
    }

    /** {@code node} delivered a message it read on {@code end} (0: its own). */
    void delivered(SimNode node, MeshMessage message, int end) {
        if (end == 0) {
            return;
        }
        parents(node).computeIfAbsent(message.id().origin(), origin -> new HashSet<>()).add(end);
        Integer pulledFrom = pulls(node).remove(message.id());
        if (pulledFrom != null) {
            if (pulledFrom == end) {
                pulledFirst++;
            }
            else {
                pulledInVain++;
            }
        }
    }

    private Map<Long, Set<Integer>> parents(SimNode node) {
        while (parents.size() <= node.index) {
            parents.add(new HashMap<>());
        }
        return parents.get(node.index);
    }

    private Map<MessageId, Integer> pulls(SimNode node) {
        while (pulls.size() <= node.index) {
            pulls.add(new HashMap<>());
        }
        return pulls.get(node.index);
    }
}
