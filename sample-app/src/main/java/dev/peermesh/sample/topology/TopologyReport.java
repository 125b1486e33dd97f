package dev.peermesh.sample.topology;

import com.fasterxml.jackson.annotation.JsonAlias;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a node says about itself on the topology topic, as JSON: its id, its web address when known, and the ids of
 * its neighbors.
 *
 * <p>{@code {"nodeId":"0af3…","httpUrl":"http://node1:8080","neighbors":["17c2…","9e01…"]}}
 *
 * @param nodeId the reporting node's id, 16 hex digits
 * @param httpUrl where its page is, or {@code null}
 * @param neighbors its neighbors' node ids ({@code neighbours} from nodes older than the one spelling, still read)
 */
public record TopologyReport(String nodeId, @Nullable String httpUrl,
        @JsonAlias("neighbours") List<String> neighbors) {

    public TopologyReport {
        neighbors = List.copyOf(neighbors);
    }
}
