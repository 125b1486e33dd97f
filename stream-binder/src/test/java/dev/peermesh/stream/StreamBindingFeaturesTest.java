package dev.peermesh.stream;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.SubscribableChannel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a Stream user expects of a binder besides delivery: partitions by Stream's partition header, consumer and
 * producer errors on Stream's error channels, the binder's health in actuator, and property metadata.
 */
class StreamBindingFeaturesTest {

    @Test
    void partitionedConsumersTakeOnlyTheirPartitions() {
        try (StreamApps apps = new StreamApps("stream-partitions")) {
            List<ConfigurableApplicationContext> consumers = new ArrayList<>();
            for (int index = 0; index < 2; index++) {
                consumers.add(apps.start(TextApp.class, Map.of("spring.cloud.function.definition", "text",
                        "spring.cloud.stream.bindings.text-in-0.destination", "parts",
                        "spring.cloud.stream.bindings.text-in-0.group", "parts",
                        "spring.cloud.stream.bindings.text-in-0.consumer.partitioned", "true",
                        "spring.cloud.stream.instance-count", "2",
                        "spring.cloud.stream.instance-index", String.valueOf(index))));
            }
            ConfigurableApplicationContext producer = apps.start(TextApp.class, Map.of(
                    "spring.cloud.function.definition", "",
                    "spring.cloud.stream.bindings.parts-out-0.destination", "parts",
                    "spring.cloud.stream.bindings.parts-out-0.producer.partition-count", "2",
                    "spring.cloud.stream.bindings.parts-out-0.producer.partition-key-expression",
                    "payload.length() % 2"));
            await().until(() -> StreamApps.node(producer).state().online()
                    && consumers.stream().allMatch(app -> StreamApps.node(app).state().online()));

            StreamBridge bridge = producer.getBean(StreamBridge.class);
            for (String text : List.of("a", "bb", "ccc", "dddd")) {
                bridge.send("parts-out-0", text);
            }

            await().until(() -> texts(consumers.get(0)).size() == 2 && texts(consumers.get(1)).size() == 2);
            assertThat(texts(consumers.get(0))).containsExactly("bb", "dddd");
            assertThat(texts(consumers.get(1))).containsExactly("a", "ccc");
        }
    }

    @Test
    void consumerAndProducerFailuresReachTheErrorChannelsAndTheBinderReportsItsHealth() {
        try (StreamApps apps = new StreamApps("stream-errors")) {
            ConfigurableApplicationContext app = apps.start(TextApp.class, Map.of(
                    "spring.cloud.function.definition", "text",
                    "spring.cloud.stream.bindings.text-in-0.destination", "texts",
                    "spring.cloud.stream.bindings.text-in-0.consumer.max-attempts", "2",
                    "spring.cloud.stream.bindings.big-out-0.destination", "big",
                    "spring.cloud.stream.bindings.big-out-0.producer.error-channel-enabled", "true",
                    "peermesh.max-message-size", "32KB",
                    "peermesh.template.when-alone", "publish"));
            List<Message<?>> errors = new CopyOnWriteArrayList<>();
            app.getBean("errorChannel", SubscribableChannel.class).subscribe(errors::add);
            StreamBridge bridge = app.getBean(StreamBridge.class);

            bridge.send("texts", "fail please");
            bridge.send("big-out-0", new byte[64 * 1024]);

            TextApp texts = app.getBean(TextApp.class);
            await().until(() -> errors.size() == 2);
            assertThat(texts.attempts).as("two attempts, then the error channel").isEqualTo(2);
            assertThat(errors).extracting(error -> (MessagingException) error.getPayload())
                    .anySatisfy(failure -> assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
                            .hasMessage("cannot take fail please"))
                    .anySatisfy(failure -> assertThat(failure).hasMessageStartingWith("Not published to topic 'big'")
                            .hasMessageContaining("exceeds the maximum message size"));

            Object health = app.getBean(HealthEndpoint.class).healthForPath("binders", "peermesh");
            assertThat(health).extracting("status").isEqualTo(Status.UP);
        }
    }

    @Test
    void theBindingPropertiesHaveMetadata() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = JsonMapper.builder().build().readTree(in);
        }
        List<String> names = new ArrayList<>();
        metadata.get("properties").forEach(property -> {
            assertThat(property.get("description")).as(property.get("name").asString()).isNotNull();
            names.add(property.get("name").asString());
        });
        assertThat(names).contains("spring.cloud.stream.peermesh.binder.group-member-timeout",
                "spring.cloud.stream.peermesh.default.consumer.delivery-guarantee",
                "spring.cloud.stream.peermesh.default.producer.hop-limit");
    }

    private static List<String> texts(ConfigurableApplicationContext app) {
        return app.getBean(TextApp.class).received;
    }

    /** An application with one text consumer that fails on "fail please". */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class TextApp {

        final List<String> received = new CopyOnWriteArrayList<>();

        volatile int attempts;

        @Bean
        Consumer<String> text() {
            return text -> {
                if (text.equals("fail please")) {
                    attempts++;
                    throw new IllegalStateException("cannot take " + text);
                }
                received.add(text);
            };
        }
    }
}
