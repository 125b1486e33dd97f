package dev.peermesh.autoconfigure;

import dev.peermesh.listener.PeermeshListener;
import dev.peermesh.messaging.PeermeshTemplate;
import dev.peermesh.observation.PeermeshObservation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two applications with Micrometer Tracing (Brave, Boot's W3C propagation) and an in-memory span handler: a publish
 * through the template is a {@code peermesh.publish} span, and the listener's {@code peermesh.receive} span on the
 * other node is its child, in the same trace, because the trace context travelled in the message.
 */
class TracingAcrossHopsTest {

    private static final String OPERATION = PeermeshObservation.Keys.OPERATION.asString();

    @Test
    void theReceivingNodesSpanIsAChildOfThePublishSpan() {
        try (MeshApplications apps = new MeshApplications()) {
            ConfigurableApplicationContext publisher = apps.start(properties(null, true), Traced.class);
            ConfigurableApplicationContext receiver = apps.start(
                    properties(MeshApplications.node(publisher).address().toString(), true), Traced.class);
            await().until(() -> MeshApplications.node(receiver).state().online());

            publisher.getBean(PeermeshTemplate.class).publish("traced", "hello");

            Traced received = receiver.getBean(Traced.class);
            await().until(() -> spans(receiver, "receive").size() == 1);
            MutableSpan publish = spans(publisher, "publish").get(0);
            MutableSpan receive = spans(receiver, "receive").get(0);
            assertThat(receive.traceId()).isEqualTo(publish.traceId());
            assertThat(receive.parentId()).isEqualTo(publish.id());
            assertThat(receive.tags()).containsEntry("peermesh.listener", "traced")
                    .containsEntry("messaging.destination.name", "traced").containsEntry("peermesh.mesh", "traces");
            assertThat(received.headers.get(0)).containsKey("traceparent");
        }
    }

    @Test
    void withoutObservationsNoSpanIsMadeAndNoTraceContextTravels() {
        try (MeshApplications apps = new MeshApplications()) {
            ConfigurableApplicationContext publisher = apps.start(properties(null, false), Traced.class);
            ConfigurableApplicationContext receiver = apps.start(
                    properties(MeshApplications.node(publisher).address().toString(), false), Traced.class);
            await().until(() -> MeshApplications.node(receiver).state().online());

            publisher.getBean(PeermeshTemplate.class).publish("traced", "hello");

            Traced received = receiver.getBean(Traced.class);
            await().until(() -> received.headers.size() == 1);
            assertThat(received.headers.get(0)).doesNotContainKey("traceparent");
            assertThat(spans(receiver, "receive")).isEmpty();
            assertThat(spans(publisher, "publish")).isEmpty();
        }
    }

    private static List<MutableSpan> spans(ConfigurableApplicationContext app, String operation) {
        return app.getBean(Traced.class).spans.stream()
                .filter(span -> operation.equals(span.tag(OPERATION))).toList();
    }

    private static Map<String, Object> properties(String seed, boolean observed) {
        Map<String, Object> properties = TemplateAndListenerIntegrationTest.properties(seed);
        properties.put("peermesh.mesh-id", "traces");
        properties.put("peermesh.observation.enabled", observed);
        properties.put("management.tracing.sampling.probability", "1.0");
        return properties;
    }

    /** A listener that records the headers it got, and a span handler that keeps every finished span. */
    @Configuration(proxyBeanMethods = false)
    static class Traced {

        final List<Map<String, Object>> headers = new CopyOnWriteArrayList<>();

        final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

        @PeermeshListener(topics = "traced", id = "traced")
        void on(String text, @Headers Map<String, Object> messageHeaders) {
            headers.add(messageHeaders);
        }

        @Bean
        SpanHandler recordingSpanHandler() {
            return new SpanHandler() {
                @Override
                public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                    spans.add(span);
                    return true;
                }
            };
        }
    }
}
