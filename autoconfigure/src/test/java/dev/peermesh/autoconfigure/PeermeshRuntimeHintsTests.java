package dev.peermesh.autoconfigure;

import dev.peermesh.listener.PeermeshListener;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.javapoet.ClassName;
import org.springframework.messaging.MessageHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime hints an AOT-processed (native) application needs from the starter: Spring's header-name constants
 * that {@code ReservedHeaders} reads by reflection, Jackson's mapper looked up by name, and — from AOT processing of
 * a context as Spring runs it — each {@code @PeermeshListener} method with its payload and reply types. A native
 * build cannot run on this machine; these checks are what can.
 */
class PeermeshRuntimeHintsTests {

    record Order(String id, int quantity) {
    }

    record Receipt(String orderId) {
    }

    @Test
    void registersTheHeaderConstantsReadByReflectionAndTheMapperLookedUpByName() {
        RuntimeHints hints = new RuntimeHints();
        new PeermeshRuntimeHints().registerHints(hints, getClass().getClassLoader());

        for (Class<?> declaring : new Class<?>[] {MessageHeaders.class, IntegrationMessageHeaderAccessor.class}) {
            Field[] constants = Arrays.stream(declaring.getFields())
                    .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
                    .toArray(Field[]::new);
            assertThat(constants).isNotEmpty().allSatisfy(field ->
                    assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(field)).accepts(hints));
        }
        assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(PeermeshRuntimeHints.JSON_MAPPER)))
                .accepts(hints);
    }

    @Test
    void theAutoConfigurationsThatNeedThemImportTheHints() {
        for (Class<?> configuration : new Class<?>[] {PeermeshIntegrationAutoConfiguration.class,
            PeermeshMessagingAutoConfiguration.class}) {
            ImportRuntimeHints imported = AnnotatedElementUtils.findMergedAnnotation(configuration,
                    ImportRuntimeHints.class);
            assertThat(imported).as(configuration.getSimpleName()).isNotNull();
            assertThat(imported.value()).contains(PeermeshRuntimeHints.class);
        }
    }

    @Test
    void aotProcessingRegistersListenerMethodsAndTheirPayloadAndReplyTypes() {
        GenericApplicationContext context = new GenericApplicationContext();
        context.registerBean(OrderListener.class);
        DefaultGenerationContext generation = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get("com.example", "App")), new InMemoryGeneratedFiles());

        new ApplicationContextAotGenerator().processAheadOfTime(context, generation);

        RuntimeHints hints = generation.getRuntimeHints();
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderListener.class, "on")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Order.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Receipt.class)).accepts(hints);
    }

    static class OrderListener {

        @PeermeshListener("orders")
        Receipt on(Order order) {
            return new Receipt(order.id());
        }
    }
}
