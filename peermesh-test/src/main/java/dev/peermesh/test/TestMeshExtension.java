package dev.peermesh.test;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link WithTestMesh}: before each test it starts the mesh the annotation describes
 * and waits until it formed; JUnit closes it after the test (the store closes what it holds).
 */
public final class TestMeshExtension implements BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestMesh.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        WithTestMesh settings = find(context.getTestMethod().map(AnnotatedElement.class::cast))
                .or(() -> find(context.getTestClass().map(AnnotatedElement.class::cast)))
                .orElseThrow(() -> new IllegalStateException("TestMeshExtension needs @WithTestMesh on the test "
                        + "class or method"));
        TestMesh.Builder builder = TestMesh.builder().nodes(settings.nodes());
        if (!settings.meshId().isEmpty()) {
            builder.meshId(settings.meshId());
        }
        if (!settings.password().isEmpty()) {
            builder.password(settings.password());
        }
        context.getStore(NAMESPACE).put(TestMesh.class, builder.start());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestMesh.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestMesh mesh = context.getStore(NAMESPACE).get(TestMesh.class, TestMesh.class);
        if (mesh == null) {
            throw new ParameterResolutionException("No test mesh: a TestMesh parameter is given to test and "
                    + "@BeforeEach methods of a class or method annotated with @WithTestMesh");
        }
        return mesh;
    }

    private static Optional<WithTestMesh> find(Optional<AnnotatedElement> element) {
        return element.flatMap(found -> AnnotationSupport.findAnnotation(found, WithTestMesh.class));
    }
}
