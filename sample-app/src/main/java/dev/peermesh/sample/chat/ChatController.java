package dev.peermesh.sample.chat;

import dev.peermesh.MeshNode;
import dev.peermesh.NodeId;
import dev.peermesh.integration.MeshHeaders;

import java.util.List;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/messages} publishes a chat message to the mesh through the starter's {@code peermeshOutbound}
 * channel; {@code GET /api/messages} lists what this node received, oldest first.
 *
 * <p>{@code curl -H 'Content-Type: application/json' -d '{"topic":"general","text":"hi"}' localhost:8080/api/messages}
 */
@RestController
@RequestMapping("/api/messages")
public class ChatController {

    private final MessageChannel outbound;

    private final MessageRules rules;

    private final ChatHistory history;

    private final MeshNode node;

    ChatController(@Qualifier("peermeshOutbound") MessageChannel outbound, MessageRules rules, ChatHistory history,
            MeshNode node) {
        this.outbound = outbound;
        this.rules = rules;
        this.history = history;
        this.node = node;
    }

    /** Publishes the message; a refusal by the mesh fails with its reason (see {@code ApiProblems}). */
    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    Published publish(@RequestBody PublishRequest request) {
        rules.check(request);
        String topic = request.topic();
        String text = request.text();
        outbound.send(MessageBuilder.withPayload(text).setHeader(MeshHeaders.TOPIC, topic).build());
        return new Published(topic, text, NodeId.format(node.nodeId()));
    }

    /** What this node received, oldest first, at most {@code sample.history-size} messages. */
    @GetMapping
    List<ChatMessage> messages() {
        return history.messages();
    }

    /**
     * The answer to a publish: the message was accepted into the mesh.
     *
     * @param topic its topic
     * @param text its text
     * @param origin this node's id, the publisher's
     */
    record Published(String topic, String text, String origin) {
    }
}
