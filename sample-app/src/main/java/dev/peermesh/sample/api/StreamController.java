package dev.peermesh.sample.api;

import dev.peermesh.MeshNode;
import dev.peermesh.sample.SampleProperties;
import dev.peermesh.sample.stream.EventStream;
import dev.peermesh.sample.topology.NodeView;
import dev.peermesh.sample.topology.TopologyReporter;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/messages/stream}: server-sent events of new chat messages ({@code message}), of this node
 * ({@code node}, first when the stream opens and then on every report) and of the mesh picture ({@code topology},
 * when it changes).
 *
 * <p>{@code curl -N localhost:8080/api/messages/stream}
 */
@RestController
public class StreamController {

    private final EventStream stream;

    private final MeshNode node;

    private final SampleProperties properties;

    StreamController(EventStream stream, MeshNode node, SampleProperties properties) {
        this.stream = stream;
        this.node = node;
        this.properties = properties;
    }

    /** Opens an event stream, or answers 503 when the most streams allowed are open. */
    @GetMapping(path = "/api/messages/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream() {
        return stream.subscribe(TopologyReporter.NODE_EVENT, NodeView.of(node, properties.getPublicUrl()));
    }
}
