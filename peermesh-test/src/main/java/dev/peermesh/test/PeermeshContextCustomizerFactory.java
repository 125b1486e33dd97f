package dev.peermesh.test;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Finds {@link AutoConfigurePeermesh} on a Spring test class (registered in {@code META-INF/spring.factories}). */
public final class PeermeshContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        AutoConfigurePeermesh annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
                AutoConfigurePeermesh.class);
        return annotation == null ? null : new PeermeshContextCustomizer(annotation.nodes());
    }
}
