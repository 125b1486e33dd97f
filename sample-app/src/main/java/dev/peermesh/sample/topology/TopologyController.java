package dev.peermesh.sample.topology;

import dev.peermesh.MeshNode;
import dev.peermesh.NodeId;
import dev.peermesh.sample.SampleProperties;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/node}, this node, and {@code GET /api/topology}, the whole mesh.
 *
 * <p>{@code curl localhost:8080/api/topology}
 */
@RestController
public class TopologyController {

    private final MeshNode node;

    private final TopologyMap map;

    private final SampleProperties properties;

    TopologyController(MeshNode node, TopologyMap map, SampleProperties properties) {
        this.node = node;
        this.map = map;
        this.properties = properties;
    }

    /** This node: id, mesh, online state and neighbors. */
    @GetMapping("/api/node")
    NodeView node() {
        return NodeView.of(node, properties.getPublicUrl());
    }

    /** Every node heard from recently and their neighbor links. */
    @GetMapping("/api/topology")
    MeshGraph topology() {
        return map.graph(NodeId.format(node.nodeId()));
    }
}
