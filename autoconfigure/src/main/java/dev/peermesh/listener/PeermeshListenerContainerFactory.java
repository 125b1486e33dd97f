package dev.peermesh.listener;

import dev.peermesh.MeshNode;
import dev.peermesh.integration.MeshMessageMapper;
import dev.peermesh.integration.MeshPayloadCodec;
import dev.peermesh.observation.MeshReceiveObservationConvention;

import java.lang.reflect.Method;
import java.util.List;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.util.ErrorHandler;

/**
 * Makes and registers the {@link ListenerContainer} of each listener method: the methods are called through a
 * Spring Messaging handler-method factory whose converter reads payloads as the template writes them, and each
 * failure that no error handler answers goes to the error channel.
 *
 * <p>{@code factory.register(new ListenerEndpoint("orders", List.of("orders.*"), method, false, 1, null))}
 */
public class PeermeshListenerContainerFactory {

    private final MeshNode node;

    private final PeermeshListenerRegistry registry;

    private final ErrorHandler errorChannel;

    private final MeshMessageMapper mapper;

    private final DefaultMessageHandlerMethodFactory methods = new DefaultMessageHandlerMethodFactory();

    private int queueCapacity = 1_000;

    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

    private @Nullable MeshReceiveObservationConvention observationConvention;

    public PeermeshListenerContainerFactory(MeshNode node, PeermeshListenerRegistry registry, MeshPayloadCodec codec,
            ErrorHandler errorChannel, BeanFactory beanFactory) {
        this.node = node;
        this.registry = registry;
        this.errorChannel = errorChannel;
        this.mapper = new MeshMessageMapper(codec);
        methods.setMessageConverter(new MeshPayloadMessageConverter(codec));
        methods.setCustomArgumentResolvers(List.of(new MeshMessageArgumentResolver()));
        methods.setBeanFactory(beanFactory);
        methods.afterPropertiesSet();
    }

    /** Calls each listener thread may have queued ({@code peermesh.listener.queue-capacity}). */
    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    /** Where {@code peermesh.receive} observations go. */
    public void setObservationRegistry(ObservationRegistry observationRegistry) {
        this.observationRegistry = observationRegistry;
    }

    /** Names and tags of {@code peermesh.receive} observations, instead of the default. */
    public void setObservationConvention(@Nullable MeshReceiveObservationConvention observationConvention) {
        this.observationConvention = observationConvention;
    }

    /** A bean's method, ready to be called with a listener's message. */
    public InvocableHandlerMethod method(Object bean, Method method) {
        return methods.createInvocableHandlerMethod(bean, method);
    }

    /** Makes the endpoint's container and registers it (started at once when the application runs). */
    public ListenerContainer register(ListenerEndpoint endpoint) {
        ListenerContainer container = new ListenerContainer(endpoint, node, mapper, errorChannel);
        container.setQueueCapacity(queueCapacity);
        container.setObservationRegistry(observationRegistry);
        container.setObservationConvention(observationConvention);
        registry.register(container);
        return container;
    }
}
