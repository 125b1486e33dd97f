package dev.peermesh.listener;

import dev.peermesh.TopicFilter;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

/**
 * Finds {@link PeermeshListener} methods on the application's beans, as Spring finds {@code @EventListener} and
 * {@code @KafkaListener} methods, and registers a {@link ListenerContainer} for each with the
 * {@link PeermeshListenerContainerFactory} bean: those of singletons once all are made, those of beans made later
 * at once. A listener whose annotation is wrong (no topic, a bad pattern or concurrency, an unknown error handler)
 * or whose bean is not a singleton fails the application's start with what to change.
 */
public class PeermeshListenerAnnotationBeanPostProcessor
        implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton {

    /** Most threads one listener may ask for. */
    static final int MAX_CONCURRENCY = 256;

    private @Nullable ConfigurableBeanFactory beanFactory;

    private @Nullable List<Runnable> pending = new ArrayList<>();

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory instanceof ConfigurableBeanFactory configurable ? configurable : null;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> target = AopUtils.getTargetClass(bean);
        if (!AnnotationUtils.isCandidateClass(target, PeermeshListener.class)) {
            return bean;
        }
        Map<Method, PeermeshListener> methods = MethodIntrospector.selectMethods(target,
                (MethodIntrospector.MetadataLookup<PeermeshListener>) method ->
                        AnnotatedElementUtils.findMergedAnnotation(method, PeermeshListener.class));
        methods.forEach((method, annotation) -> {
            Runnable registration = () -> register(bean, beanName, target, method, annotation);
            synchronized (this) {
                if (pending != null) {
                    pending.add(registration);
                    return;
                }
            }
            registration.run();
        });
        return bean;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<Runnable> registrations;
        synchronized (this) {
            registrations = pending;
            pending = null;
        }
        if (registrations != null) {
            registrations.forEach(Runnable::run);
        }
    }

    private void register(Object bean, String beanName, Class<?> target, Method method,
            PeermeshListener annotation) {
        ConfigurableBeanFactory factory = requireBeanFactory();
        String where = "@PeermeshListener on " + ClassUtils.getShortName(target) + "." + method.getName();
        if (factory.containsBean(beanName) && !factory.isSingleton(beanName)) {
            throw new BeanInitializationException(where + " is on bean '" + beanName + "', which is not a "
                    + "singleton: a listener runs as long as the application, so its method must be on a singleton "
                    + "bean (one instance per application); move it there");
        }
        String id = resolve(annotation.id());
        id = id.isEmpty() ? ClassUtils.getShortName(target) + "." + method.getName() : id;
        List<String> topics = new ArrayList<>();
        for (String topic : annotation.topics()) {
            String resolved = resolve(topic).trim();
            try {
                TopicFilter.of(resolved);
            }
            catch (IllegalArgumentException ex) {
                throw new BeanInitializationException(where + " has a bad topic pattern: " + ex.getMessage());
            }
            topics.add(resolved);
        }
        if (topics.isEmpty()) {
            throw new BeanInitializationException(where + " names no topic; give topics = \"orders.*\" (a topic, a "
                    + "prefix ending in '*', or \"*\" for every topic)");
        }
        PeermeshListenerErrorHandler errorHandler = null;
        String handlerName = resolve(annotation.errorHandler());
        if (!handlerName.isEmpty()) {
            if (!factory.containsBean(handlerName)) {
                throw new BeanInitializationException(where + " names error handler '" + handlerName
                        + "', but there is no bean of that name; define a PeermeshListenerErrorHandler bean");
            }
            errorHandler = factory.getBean(handlerName, PeermeshListenerErrorHandler.class);
        }
        PeermeshListenerContainerFactory containers = factory.getBean(PeermeshListenerContainerFactory.class);
        Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
        containers.register(new ListenerEndpoint(id, topics, containers.method(bean, invocable),
                annotation.includeOwn(), concurrency(where, resolve(annotation.concurrency())), errorHandler));
    }

    private static int concurrency(String where, String text) {
        int concurrency;
        try {
            concurrency = Integer.parseInt(text.trim());
        }
        catch (NumberFormatException ex) {
            concurrency = -1;
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new BeanInitializationException(where + " has concurrency '" + text + "'; give a whole number "
                    + "from 1 to " + MAX_CONCURRENCY);
        }
        return concurrency;
    }

    private String resolve(String value) {
        String resolved = requireBeanFactory().resolveEmbeddedValue(value);
        return resolved != null ? resolved : "";
    }

    private ConfigurableBeanFactory requireBeanFactory() {
        if (beanFactory == null) {
            throw new IllegalStateException("@PeermeshListener methods need a ConfigurableBeanFactory");
        }
        return beanFactory;
    }
}
