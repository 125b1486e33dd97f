package dev.peermesh.sample.chat;

import dev.peermesh.integration.MeshHeaders;
import dev.peermesh.sample.SampleProperties;
import dev.peermesh.sample.stream.EventStream;

import java.time.Instant;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.SubscribableChannel;

/**
 * The chat's beans, and the flow that takes every chat message from {@code peermeshInbound} into the history and
 * the event streams (topology reports and other reserved topics stay out).
 */
@Configuration(proxyBeanMethods = false)
public class ChatConfiguration {

    /** Name of the server-sent event that carries a received chat message. */
    public static final String MESSAGE_EVENT = "message";

    @Bean
    ChatHistory chatHistory(SampleProperties properties) {
        return new ChatHistory(properties.getHistorySize());
    }

    @Bean
    MessageRules messageRules(SampleProperties properties) {
        return new MessageRules(properties);
    }

    @Bean
    IntegrationFlow chatInbound(@Qualifier("peermeshInbound") SubscribableChannel inbound, MessageRules rules,
            ChatHistory history, EventStream stream) {
        return IntegrationFlow.from(inbound)
                .filter(Message.class, message -> !rules.reserved(topic(message.getHeaders())),
                        filter -> filter.discardChannel("nullChannel"))
                .handle(message -> {
                    ChatMessage chat = chatMessage(message);
                    history.add(chat);
                    stream.publish(MESSAGE_EVENT, chat);
                })
                .get();
    }

    private static ChatMessage chatMessage(Message<?> message) {
        MessageHeaders headers = message.getHeaders();
        Object hops = headers.get(MeshHeaders.HOPS);
        return new ChatMessage(String.valueOf(headers.get(MeshHeaders.MESSAGE_ID)), topic(headers),
                text(message.getPayload()), String.valueOf(headers.get(MeshHeaders.ORIGIN)),
                hops instanceof Number number ? number.intValue() : 0, Instant.now());
    }

    private static String topic(MessageHeaders headers) {
        return String.valueOf(headers.get(MeshHeaders.TOPIC));
    }

    /** Text as it is; other applications' binary payloads are shown by size. */
    private static String text(Object payload) {
        if (payload instanceof String text) {
            return text;
        }
        if (payload instanceof byte[] bytes) {
            return "(" + bytes.length + " bytes, not text)";
        }
        return String.valueOf(payload);
    }
}
