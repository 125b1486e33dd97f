package dev.peermesh.sample.topology;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The whole mesh as this node knows it: the answer of {@code GET /api/topology} and the data of the
 * {@code topology} event.
 *
 * <p>{@code graph.nodes().size()}
 *
 * @param self this node's id
 * @param nodes every node that reported recently, or is named as a neighbor by one that did
 * @param edges neighbor links, each once
 */
public record MeshGraph(String self, List<Node> nodes, List<Edge> edges) {

    /**
     * A node of the picture.
     *
     * @param id its node id
     * @param shortId the first 6 hex digits, for labels
     * @param httpUrl where its page is, when it says
     * @param self whether it is this node
     * @param reported whether it reported itself (otherwise it is only named by a neighbor)
     * @param ageMillis milliseconds since its last report; -1 when it never reported
     */
    public record Node(String id, String shortId, @Nullable String httpUrl, boolean self, boolean reported,
            long ageMillis) {
    }

    /**
     * A neighbor link; {@code a} sorts before {@code b}.
     *
     * @param a one end's node id
     * @param b the other end's node id
     */
    public record Edge(String a, String b) {
    }
}
