package dev.peermesh.sample.topology;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a node says about itself on the topology topic, as JSON: its id, its web address when known, and the ids of
 * its neighbours.
 *
 * <p>{@code {"nodeId":"0af3…","httpUrl":"http://node1:8080","neighbours":["17c2…","9e01…"]}}
 *
 * @param nodeId the reporting node's id, 16 hex digits
 * @param httpUrl where its page is, or {@code null}
 * @param neighbours its neighbours' node ids
 */
public record TopologyReport(String nodeId, @Nullable String httpUrl, List<String> neighbours) {

    public TopologyReport {
        neighbours = List.copyOf(neighbours);
    }
}
