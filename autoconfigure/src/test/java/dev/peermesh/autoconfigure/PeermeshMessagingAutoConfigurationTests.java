package dev.peermesh.autoconfigure;

import dev.peermesh.MeshNode;
import dev.peermesh.PublishRejectedException;
import dev.peermesh.integration.MeshPayloadCodec;
import dev.peermesh.listener.PeermeshListener;
import dev.peermesh.listener.PeermeshListenerContainerFactory;
import dev.peermesh.listener.PeermeshListenerRegistry;
import dev.peermesh.messaging.PeermeshTemplate;
import dev.peermesh.messaging.PublishReceipt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The template and listener beans of {@link PeermeshMessagingAutoConfiguration}, their back-off, what a template
 * does while its node is alone ({@code peermesh.template.when-alone}), and listener methods on one node.
 */
class PeermeshMessagingAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = AutoConfigurationContexts.contextRunner()
            .withConfiguration(AutoConfigurations.of(PeermeshMessagingAutoConfiguration.class,
                    JacksonAutoConfiguration.class));

    /** A node alone that publishes anyway, so its own listeners get what it publishes. */
    private final ApplicationContextRunner alone = contextRunner
            .withPropertyValues("peermesh.template.when-alone=publish");

    record Order(String orderId, int quantity) {
    }

    @Test
    void makesTheTemplateAndTheListenerBeansAndBacksOffFromTheUsers() {
        contextRunner.run(context -> assertThat(context).hasSingleBean(PeermeshTemplate.class)
                .hasSingleBean(PeermeshListenerRegistry.class).hasSingleBean(MeshPayloadCodec.class));
        contextRunner.withBean("mine", PeermeshTemplate.class, () -> new PeermeshTemplate(
                MeshNode.builder(dev.peermesh.MeshSettings.builder("other").build()).build()))
                .run(context -> assertThat(context).hasSingleBean(PeermeshTemplate.class).hasBean("mine"));
        contextRunner.withBean("myCodec", MeshPayloadCodec.class, MeshPayloadCodec::new)
                .run(context -> assertThat(context).hasSingleBean(MeshPayloadCodec.class).hasBean("myCodec"));
        contextRunner.withBean("myRegistry", PeermeshListenerRegistry.class, PeermeshListenerRegistry::new)
                .withUserConfiguration(OwnListener.class)
                .run(context -> assertThat(context).hasSingleBean(PeermeshListenerRegistry.class)
                        .hasBean("myRegistry").getBean(PeermeshListenerRegistry.class)
                        .satisfies(registry -> assertThat(registry.getListenerContainers()).hasSize(1)));
        contextRunner.withUserConfiguration(OwnFactory.class)
                .run(context -> assertThat(context).hasSingleBean(PeermeshListenerContainerFactory.class)
                        .hasBean("myFactory"));
        contextRunner.withPropertyValues("peermesh.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PeermeshTemplate.class)
                        .doesNotHaveBean(PeermeshListenerRegistry.class));
    }

    @Test
    void writesJsonWithTheApplicationsJacksonSettings() {
        contextRunner.withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE").run(context -> {
            byte[] json = context.getBean(MeshPayloadCodec.class).encode(new Order("o-1", 2)).bytes();
            assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"order_id\":\"o-1\"");
        });
    }

    @Test
    void aLoneNodeFailsAtOnceWaitsThenFailsOrPublishesAsWhenAloneSays() {
        contextRunner.withPropertyValues("peermesh.template.when-alone=fail").run(context -> {
            assertThatThrownBy(() -> context.getBean(PeermeshTemplate.class).publish("orders", "o-1"))
                    .isInstanceOfSatisfying(PublishRejectedException.class, ex -> assertThat(ex.cause())
                            .isEqualTo(PublishRejectedException.Cause.NO_NEIGHBORS))
                    .hasMessageContaining("no neighbor in mesh 'test'")
                    .hasMessageContaining("peermesh.template.when-alone=publish");
            assertThat(context.getBean(PeermeshTemplate.class).send(1L, "orders", "o-1"))
                    .failsWithin(Duration.ofSeconds(1)).withThrowableThat()
                    .withCauseInstanceOf(PublishRejectedException.class);
        });
        contextRunner.withPropertyValues("peermesh.publish-timeout=200ms").run(context -> {
            assertThatThrownBy(() -> context.getBean(PeermeshTemplate.class).publish("orders", "o-1"))
                    .isInstanceOf(PublishRejectedException.class).hasMessageContaining("waited 200 ms");
        });
        alone.withUserConfiguration(OwnListener.class).run(context -> {
            PublishReceipt receipt = context.getBean(PeermeshTemplate.class).publish("orders.new", new Order("o", 1));
            assertThat(receipt.neighbors()).isZero();
            assertThat(receipt.reachedNeighbors()).isFalse();
            await().until(() -> context.getBean(OwnListener.class).orders.size() == 1);
            assertThat(context.getBean(OwnListener.class).orders).containsExactly(new Order("o", 1));
        });
    }

    @Test
    void listenersWithConcurrencyRunEachPublishersMessagesInOrderOnTheirOwnThreads() {
        alone.withUserConfiguration(ConcurrentListener.class).run(context -> {
            PeermeshTemplate template = context.getBean(PeermeshTemplate.class);
            IntStream.range(0, 500).forEach(i -> template.publish("counted", Integer.toString(i)));
            ConcurrentListener listener = context.getBean(ConcurrentListener.class);
            await().until(() -> listener.numbers.size() == 500);
            assertThat(listener.numbers).isEqualTo(IntStream.range(0, 500).boxed().toList());
            assertThat(listener.threads).allMatch(name -> name.startsWith("peermesh-listener-counted-"));
        });
    }

    @Test
    void aWrongListenerAnnotationFailsTheStartWithWhatToChange() {
        contextRunner.withUserConfiguration(NoTopic.class).run(context -> assertThat(failure(context))
                .hasMessageContaining("NoTopic.on names no topic"));
        contextRunner.withUserConfiguration(BadConcurrency.class).run(context -> assertThat(failure(context))
                .hasMessageContaining("concurrency '0'").hasMessageContaining("from 1 to 256"));
        contextRunner.withUserConfiguration(UnknownErrorHandler.class).run(context -> assertThat(failure(context))
                .hasMessageContaining("error handler 'nobody'"));
        contextRunner.withUserConfiguration(SameIds.class).run(context -> assertThat(failure(context))
                .hasMessageContaining("id 'twice'"));
        contextRunner.withPropertyValues("peermesh.listener.queue-capacity=0").run(context -> assertThat(
                failure(context)).isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("peermesh.listener.queue-capacity"));
    }

    @Test
    void aListenerThrowingAnErrorIsCountedReportedAndKeepsNoMessageFromTheOthers() {
        alone.withUserConfiguration(AssertingListener.class).run(context -> {
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            context.getBean("errorChannel", org.springframework.messaging.SubscribableChannel.class)
                    .subscribe(message -> errors.add((Throwable) message.getPayload()));
            PeermeshTemplate template = context.getBean(PeermeshTemplate.class);
            template.publish("checked", "bad");
            template.publish("checked", "good");

            AssertingListener listener = context.getBean(AssertingListener.class);
            await().until(() -> listener.passed.size() == 1 && listener.recorded.size() == 2 && errors.size() == 1);
            assertThat(listener.passed).containsExactly("good");
            assertThat(errors.get(0)).isInstanceOf(dev.peermesh.listener.ListenerExecutionFailedException.class)
                    .hasRootCauseInstanceOf(AssertionError.class);
            assertThat(context.getBean(PeermeshListenerRegistry.class).getListenerContainer("asserting")
                    .getFailedCount()).isEqualTo(1);
        });
    }

    @Test
    void aListenerOnABeanThatIsNoSingletonIsRefused() {
        contextRunner.withBean("perUse", PrototypeListener.class, PrototypeListener::new,
                definition -> definition.setScope("prototype"))
                .run(context -> assertThatThrownBy(() -> context.getBean("perUse"))
                        .satisfies(ex -> assertThat(NestedExceptionUtils.getMostSpecificCause(ex))
                                .hasMessageContaining("bean 'perUse', which is not a singleton")));
    }

    @Test
    void topicsAndConcurrencyMayComeFromProperties() {
        alone.withUserConfiguration(ConfiguredListener.class)
                .withPropertyValues("app.topic=configured.*", "app.threads=2").run(context -> {
                    context.getBean(PeermeshTemplate.class).publish("configured.one", "x");
                    await().until(() -> context.getBean(ConfiguredListener.class).threads.size() == 1);
                    assertThat(context.getBean(ConfiguredListener.class).threads.get(0))
                            .startsWith("peermesh-listener-configured-");
                    assertThat(context.getBean(PeermeshListenerRegistry.class).getListenerContainer("configured")
                            .getTopics()).containsExactly("configured.*");
                });
    }

    private static Throwable failure(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        return NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFactory {

        @org.springframework.context.annotation.Bean
        PeermeshListenerContainerFactory myFactory(MeshNode node, org.springframework.beans.factory.BeanFactory beans) {
            return new PeermeshListenerContainerFactory(node, new PeermeshListenerRegistry(), new MeshPayloadCodec(),
                    failure -> { }, beans);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnListener {

        final List<Order> orders = new CopyOnWriteArrayList<>();

        @PeermeshListener(topics = "orders.*", includeOwn = true)
        void on(Order order) {
            orders.add(order);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ConcurrentListener {

        final List<Integer> numbers = new CopyOnWriteArrayList<>();

        final List<String> threads = new CopyOnWriteArrayList<>();

        @PeermeshListener(topics = "counted", id = "counted", includeOwn = true, concurrency = "4")
        void on(int number) {
            numbers.add(number);
            threads.add(Thread.currentThread().getName());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ConfiguredListener {

        final List<String> threads = new CopyOnWriteArrayList<>();

        @PeermeshListener(topics = "${app.topic}", id = "configured", includeOwn = true,
                concurrency = "${app.threads}")
        void on(String text) {
            threads.add(Thread.currentThread().getName());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AssertingListener {

        final List<String> passed = new CopyOnWriteArrayList<>();

        final List<String> recorded = new CopyOnWriteArrayList<>();

        @PeermeshListener(topics = "checked", id = "asserting", includeOwn = true)
        void check(String text) {
            if (text.equals("bad")) {
                throw new AssertionError("not good: " + text);
            }
            passed.add(text);
        }

        @PeermeshListener(topics = "checked", id = "recording", includeOwn = true)
        void record(String text) {
            recorded.add(text);
        }
    }

    static class PrototypeListener {

        @PeermeshListener(topics = "a")
        void on(String text) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NoTopic {

        @PeermeshListener
        void on(String text) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BadConcurrency {

        @PeermeshListener(topics = "a", concurrency = "0")
        void on(String text) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UnknownErrorHandler {

        @PeermeshListener(topics = "a", errorHandler = "nobody")
        void on(String text) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SameIds {

        @PeermeshListener(topics = "a", id = "twice")
        void one(String text) {
        }

        @PeermeshListener(topics = "b", id = "twice")
        void other(String text) {
        }
    }

}
