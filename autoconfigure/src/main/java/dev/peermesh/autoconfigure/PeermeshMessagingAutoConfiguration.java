package dev.peermesh.autoconfigure;

import dev.peermesh.MeshNode;
import dev.peermesh.integration.MeshPayloadCodec;
import dev.peermesh.listener.PeermeshListenerAnnotationBeanPostProcessor;
import dev.peermesh.listener.PeermeshListenerContainerFactory;
import dev.peermesh.listener.PeermeshListenerRegistry;
import dev.peermesh.messaging.PeermeshTemplate;
import dev.peermesh.observation.MeshPublishObservationConvention;
import dev.peermesh.observation.MeshReceiveObservationConvention;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.integration.channel.ChannelUtils;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The everyday Spring programming model on the node: a {@link PeermeshTemplate} to send, {@code @PeermeshListener}
 * methods to receive, both converting payloads with the application's Jackson mapper, both observed when
 * {@code peermesh.observation.enabled=true}. Listener failures go to Spring Integration's {@code errorChannel}.
 */
@AutoConfiguration(after = {PeermeshAutoConfiguration.class, IntegrationAutoConfiguration.class},
        afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass({DefaultMessageHandlerMethodFactory.class, ChannelUtils.class, ObservationRegistry.class})
@ConditionalOnBean(MeshNode.class)
@ImportRuntimeHints(PeermeshRuntimeHints.class)
public final class PeermeshMessagingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PeermeshTemplate peermeshTemplate(MeshNode meshNode, MeshPayloadCodec peermeshPayloadCodec,
            PeermeshProperties properties, ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<MeshPublishObservationConvention> convention) {
        PeermeshTemplate template = new PeermeshTemplate(meshNode, peermeshPayloadCodec,
                properties.getTemplate().getWhenAlone());
        template.setHopLimit(properties.getHopLimit());
        if (properties.getObservation().isEnabled()) {
            template.setObservationRegistry(observations.getIfUnique(() -> ObservationRegistry.NOOP));
            template.setObservationConvention(convention.getIfUnique());
        }
        return template;
    }

    @Bean
    @ConditionalOnMissingBean
    PeermeshListenerRegistry peermeshListenerRegistry() {
        return new PeermeshListenerRegistry();
    }

    @Bean
    @ConditionalOnMissingBean
    PeermeshListenerContainerFactory peermeshListenerContainerFactory(MeshNode meshNode,
            PeermeshListenerRegistry peermeshListenerRegistry, MeshPayloadCodec peermeshPayloadCodec,
            PeermeshProperties properties, ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<MeshReceiveObservationConvention> convention, BeanFactory beanFactory) {
        int capacity = properties.getListener().getQueueCapacity();
        if (capacity < 1) {
            throw new InvalidConfigurationPropertyValueException("peermesh.listener.queue-capacity", capacity,
                    "a listener thread needs room for at least one message; give 1 or more (1000 by default)");
        }
        PeermeshListenerContainerFactory factory = new PeermeshListenerContainerFactory(meshNode,
                peermeshListenerRegistry, peermeshPayloadCodec, ChannelUtils.getErrorHandler(beanFactory),
                beanFactory);
        factory.setQueueCapacity(capacity);
        if (properties.getObservation().isEnabled()) {
            factory.setObservationRegistry(observations.getIfUnique(() -> ObservationRegistry.NOOP));
            factory.setObservationConvention(convention.getIfUnique());
        }
        return factory;
    }

    @Bean
    static PeermeshListenerAnnotationBeanPostProcessor peermeshListenerAnnotationBeanPostProcessor() {
        return new PeermeshListenerAnnotationBeanPostProcessor();
    }

    @Bean
    @ConditionalOnMissingBean
    MeshPayloadCodec peermeshPayloadCodec() {
        return new MeshPayloadCodec();
    }

    /** JSON with the application's own mapper, so its modules and settings apply to mesh payloads. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JsonMapper.class)
    @ConditionalOnBean(JsonMapper.class)
    static class JacksonCodecConfiguration {

        @Bean
        @ConditionalOnMissingBean
        MeshPayloadCodec peermeshPayloadCodec(JsonMapper jsonMapper) {
            return new MeshPayloadCodec(new JacksonJsonMessageConverter(jsonMapper));
        }
    }
}
