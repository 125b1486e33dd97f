package dev.peermesh.autoconfigure;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.SubscribableChannel;

/**
 * What the {@code Peermesh*AutoConfigurationTests} of {@link PeermeshAutoConfiguration} share: the context runner
 * and the mesh channels of a context.
 */
final class AutoConfigurationContexts {

    private AutoConfigurationContexts() {
    }

    /** Peermesh's and Spring Integration's auto-configurations, a mesh "test" bound to loopback. */
    static ApplicationContextRunner contextRunner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PeermeshAutoConfiguration.class,
                        PeermeshIntegrationAutoConfiguration.class, IntegrationAutoConfiguration.class,
                        SslAutoConfiguration.class))
                .withPropertyValues("peermesh.mesh-id=test", "peermesh.bind-address=127.0.0.1");
    }

    /** Everything that arrives on the inbound channel from now on. */
    static BlockingQueue<Message<?>> inbound(AssertableApplicationContext context) {
        BlockingQueue<Message<?>> received = new LinkedBlockingQueue<>();
        context.getBean(PeermeshIntegrationAutoConfiguration.INBOUND_CHANNEL, SubscribableChannel.class)
                .subscribe(received::add);
        return received;
    }

    static MessageChannel outbound(AssertableApplicationContext context) {
        return context.getBean(PeermeshIntegrationAutoConfiguration.OUTBOUND_CHANNEL, MessageChannel.class);
    }
}
