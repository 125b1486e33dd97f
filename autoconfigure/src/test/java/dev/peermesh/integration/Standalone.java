package dev.peermesh.integration;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.Lifecycle;
import org.springframework.integration.context.IntegrationObjectSupport;

/**
 * Readies a Spring Integration component for use outside an application context, as a context would.
 */
public final class Standalone {

    private Standalone() {
    }

    /** Gives the component a bean factory, initializes it, and starts it when it has a lifecycle. */
    public static <T extends IntegrationObjectSupport> T started(T component) {
        component.setBeanFactory(new DefaultListableBeanFactory());
        component.afterPropertiesSet();
        if (component instanceof Lifecycle lifecycle) {
            lifecycle.start();
        }
        return component;
    }
}
