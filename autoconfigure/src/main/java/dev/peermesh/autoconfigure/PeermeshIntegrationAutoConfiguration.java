package dev.peermesh.autoconfigure;

import dev.peermesh.MeshNode;
import dev.peermesh.actuate.MeterNames;
import dev.peermesh.integration.inbound.MeshInboundChannelAdapter;
import dev.peermesh.integration.inbound.SubscriberFailures;
import dev.peermesh.integration.outbound.MeshMessageHandler;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.integration.channel.ChannelUtils;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.integration.context.IntegrationContextUtils;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.SubscribableChannel;

/**
 * The mesh as Spring Integration channels: everything the node delivers (on
 * {@code peermesh.integration.inbound-topics})
 * arrives on {@code peermeshInbound}; everything sent to {@code peermeshOutbound} is published to the mesh. A flow
 * on {@code peermeshInbound} that fails keeps no message from the others; its failure goes to {@code errorChannel}.
 */
@AutoConfiguration(after = {PeermeshAutoConfiguration.class, IntegrationAutoConfiguration.class})
@ConditionalOnClass(MessageProducerSupport.class)
@ConditionalOnBean(MeshNode.class)
@ConditionalOnBooleanProperty(name = "peermesh.integration.enabled", matchIfMissing = true)
@ImportRuntimeHints(PeermeshRuntimeHints.class)
public final class PeermeshIntegrationAutoConfiguration {

    /** Name of the channel carrying messages from the mesh. */
    public static final String INBOUND_CHANNEL = "peermeshInbound";

    /** Name of the channel whose messages are published to the mesh. */
    public static final String OUTBOUND_CHANNEL = "peermeshOutbound";

    @Bean
    @ConditionalOnMissingBean
    SubscriberFailures peermeshInboundFailures(BeanFactory beanFactory) {
        return new SubscriberFailures(ChannelUtils.getErrorHandler(beanFactory));
    }

    @Bean(INBOUND_CHANNEL)
    @ConditionalOnMissingBean(name = INBOUND_CHANNEL)
    PublishSubscribeChannel peermeshInbound(SubscriberFailures peermeshInboundFailures) {
        // Without an executor the channel calls its subscribers in a loop that the first failure ends, so one
        // failing flow would hide every message from the flows after it. With a synchronous executor each
        // subscriber runs as its own task on the delivering thread (same order, no extra thread), and a failure
        // goes to the error handler instead of ending the loop.
        PublishSubscribeChannel channel = new PublishSubscribeChannel(new SyncTaskExecutor());
        channel.setErrorHandler(peermeshInboundFailures);
        return channel;
    }

    @Bean(OUTBOUND_CHANNEL)
    @ConditionalOnMissingBean(name = OUTBOUND_CHANNEL)
    DirectChannel peermeshOutbound() {
        return new DirectChannel();
    }

    @Bean
    @ConditionalOnMissingBean(name = "peermeshInboundAdapter")
    MeshInboundChannelAdapter peermeshInboundAdapter(MeshNode meshNode, PeermeshProperties properties,
            @Qualifier(INBOUND_CHANNEL) MessageChannel inbound) {
        MeshInboundChannelAdapter adapter = new MeshInboundChannelAdapter(meshNode);
        String[] topics = properties.getIntegration().getInboundTopics().toArray(String[]::new);
        try {
            adapter.setTopics(topics);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidConfigurationPropertyValueException("peermesh.integration.inbound-topics",
                    String.join(",", topics), ex.getMessage());
        }
        adapter.setOutputChannel(inbound);
        adapter.setErrorChannelName(IntegrationContextUtils.ERROR_CHANNEL_BEAN_NAME);
        return adapter;
    }

    @Bean
    @ConditionalOnMissingBean(name = "peermeshOutboundHandler")
    MeshMessageHandler peermeshOutboundHandler(MeshNode meshNode, PeermeshProperties properties) {
        MeshMessageHandler handler = new MeshMessageHandler(meshNode);
        handler.setDefaultTopic(properties.getIntegration().getDefaultTopic());
        handler.setDefaultHopLimit(properties.getHopLimit());
        return handler;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class InboundMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "peermeshInboundMeters")
        MeterBinder peermeshInboundMeters(MeshNode meshNode, SubscriberFailures peermeshInboundFailures,
                ObjectProvider<MeshInboundChannelAdapter> adapters) {
            return registry -> {
                Tags mesh = Tags.of(MeterNames.TAG_MESH, meshNode.settings().meshId());
                FunctionCounter.builder(MeterNames.INBOUND_FAILURES, peermeshInboundFailures,
                                SubscriberFailures::getFailedCount)
                        .tags(mesh.and(MeterNames.TAG_REASON, "flow"))
                        .description("Messages from the mesh that failed in the application").register(registry);
                MeshInboundChannelAdapter adapter = adapters.getIfUnique();
                if (adapter != null) {
                    FunctionCounter.builder(MeterNames.INBOUND_FAILURES, adapter,
                                    MeshInboundChannelAdapter::getRejectedCount)
                            .tags(mesh.and(MeterNames.TAG_REASON, "conversion"))
                            .description("Messages from the mesh that failed in the application").register(registry);
                }
            };
        }
    }

    @Bean
    IntegrationFlow peermeshOutboundFlow(@Qualifier(OUTBOUND_CHANNEL) SubscribableChannel outbound,
            MeshMessageHandler peermeshOutboundHandler) {
        return IntegrationFlow.from(outbound).handle(peermeshOutboundHandler).get();
    }
}
