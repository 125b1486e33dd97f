package dev.peermesh.actuate;

import dev.peermesh.CloseReason;
import dev.peermesh.MeshNode;
import dev.peermesh.Neighbor;
import dev.peermesh.NodeId;
import dev.peermesh.NodeState;
import dev.peermesh.log.PeerText;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The actuator endpoint {@code peermesh} ({@code /actuator/peermesh}): who this node is, its neighbors and its
 * counters.
 */
@Endpoint(id = "peermesh")
public class PeermeshEndpoint {

    private final MeshNode node;

    public PeermeshEndpoint(MeshNode node) {
        this.node = node;
    }

    /** The node's state. */
    @ReadOperation
    public NodeDescriptor node() {
        NodeState state = node.state();
        // A neighbor's address is what it said in its HELLO: escaped, as all peer text in an actuator answer.
        List<NeighborDescriptor> neighbors = new ArrayList<>();
        for (Neighbor neighbor : state.neighbors()) {
            neighbors.add(new NeighborDescriptor(NodeId.format(neighbor.nodeId()),
                    PeerText.escape(neighbor.address()), neighbor.outbound() ? "outbound" : "inbound"));
        }
        NodeState.Counters c = state.counters();
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("published", c.published());
        counters.put("delivered", c.delivered());
        counters.put("forwarded", c.forwarded());
        counters.put("duplicates", c.duplicates());
        counters.put("hopLimited", c.hopLimited());
        counters.put("filtered", c.filtered());
        counters.put("unrouted", c.unrouted());
        counters.put("deliveryOverflows", c.deliveryOverflows());
        counters.put("linksEstablished", c.linksEstablished());
        counters.put("linksRefused", c.linksRefused());
        counters.put("dials", c.dials());
        Map<String, Long> closed = new LinkedHashMap<>();
        for (Map.Entry<CloseReason, Long> entry : c.linksClosed().entrySet()) {
            closed.put(MeterNames.tag(entry.getKey()), entry.getValue());
        }
        counters.put("linksClosed", closed);
        counters.put("protocolErrors", c.protocolErrors());
        counters.put("grafts", c.grafts());
        counters.put("prunes", c.prunes());
        counters.put("lost", c.lost());
        counters.put("payloadsOverCap", c.payloadsOverCap());
        counters.put("treePauses", c.treePauses());
        counters.put("treePausesIgnored", c.treePausesIgnored());
        counters.put("treeStalls", c.treeStalls());
        NodeState.Reordering reordering = c.reordering();
        counters.put("reorderHeld", reordering.held());
        counters.put("reorderHeldBytes", reordering.heldBytes());
        counters.put("reorderLate", reordering.late());
        counters.put("reorderExpired", reordering.expired());
        counters.put("reorderOverflowed", reordering.overflowed());
        NodeState.Requests requests = c.requests();
        counters.put("requestsSent", requests.sent());
        counters.put("requestsAnswered", requests.answered());
        counters.put("requestsTimedOut", requests.timedOut());
        counters.put("requestsRejected", requests.rejected());
        counters.put("requestsPending", requests.pending());
        counters.put("replies", requests.replies());
        counters.put("lateReplies", requests.lateReplies());
        NodeState.CatchUp catchUp = c.catchUp();
        counters.put("catchUpsStarted", catchUp.started());
        counters.put("catchUpsTimedOut", catchUp.timedOut());
        counters.put("catchUpReplayed", catchUp.replayed());
        counters.put("catchUpDuplicates", catchUp.duplicates());
        counters.put("catchUpUnasked", catchUp.unasked());
        counters.put("catchUpTooOld", catchUp.tooOld());
        counters.put("catchUpServed", catchUp.served());
        counters.put("directSent", c.direct().sent());
        counters.put("directReceived", c.direct().received());
        counters.put("directMissed", c.direct().missed());
        counters.put("forged", c.forged());
        counters.put("unknownOrigin", c.unknownOrigin());
        counters.put("tooLargeForNeighbor", c.tooLargeForNeighbor());
        counters.put("passiveViewSize", c.passiveViewSize());
        counters.put("bytesIn", c.bytesIn());
        counters.put("bytesOut", c.bytesOut());
        return new NodeDescriptor(NodeId.format(state.nodeId()), state.meshId(), String.valueOf(state.address()),
                state.running(), state.online(), neighbors, counters);
    }

    /** What the endpoint shows about the node. */
    public record NodeDescriptor(String nodeId, String meshId, String address, boolean running, boolean online,
            List<NeighborDescriptor> neighbors, Map<String, Object> counters) {
    }

    /** What the endpoint shows about a neighbor. */
    public record NeighborDescriptor(String nodeId, String address, String direction) {
    }
}
