package dev.peermesh.autoconfigure;

import dev.peermesh.MeshNode;
import dev.peermesh.event.PeermeshEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.SubscribableChannel;

/**
 * Real Spring Boot applications using the starter, started side by side on loopback; each records what arrives on
 * its {@code peermeshInbound} channel. Closing closes them all.
 */
final class MeshApplications implements AutoCloseable {

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    /** Starts an application with these properties on top of loopback, test-speed defaults. */
    ConfigurableApplicationContext start(Map<String, Object> properties) {
        return start(properties, new Class<?>[0]);
    }

    /** Starts an application with these properties and the given configuration classes beside its own. */
    ConfigurableApplicationContext start(Map<String, Object> properties, Class<?>... configurations) {
        Map<String, Object> all = new java.util.HashMap<>(Map.of(
                "peermesh.bind-address", "127.0.0.1",
                "peermesh.maintenance-interval", "250ms",
                "peermesh.keepalive.interval", "500ms",
                "peermesh.leave-timeout", "1s",
                "spring.main.banner-mode", "off"));
        all.putAll(properties);
        Class<?>[] sources = new Class<?>[configurations.length + 1];
        sources[0] = MeshApp.class;
        System.arraycopy(configurations, 0, sources, 1, configurations.length);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(sources).properties(all).run();
        contexts.add(context);
        return context;
    }

    static MeshNode node(ConfigurableApplicationContext context) {
        return context.getBean(MeshNode.class);
    }

    static List<Message<?>> received(ConfigurableApplicationContext context) {
        return context.getBean(Received.class).messages;
    }

    @Override
    public void close() {
        contexts.forEach(ConfigurableApplicationContext::close);
    }

    static List<PeermeshEvent> events(ConfigurableApplicationContext context) {
        return context.getBean(Received.class).events;
    }

    /** What an application received from the mesh, and the node's events its {@code @EventListener} heard. */
    static final class Received {

        final List<Message<?>> messages = new CopyOnWriteArrayList<>();

        final List<PeermeshEvent> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(PeermeshEvent event) {
            events.add(event);
        }
    }

    /** The application: the starter's auto-configuration plus a recorder on the inbound channel. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class MeshApp {

        @Bean
        Received received() {
            return new Received();
        }

        @Bean
        IntegrationFlow record(@Qualifier("peermeshInbound") SubscribableChannel inbound, Received received) {
            return IntegrationFlow.from(inbound).handle((MessageHandler) received.messages::add).get();
        }
    }
}
