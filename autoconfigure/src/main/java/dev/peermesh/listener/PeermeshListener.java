package dev.peermesh.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;
import org.springframework.core.annotation.AliasFor;
import org.springframework.messaging.handler.annotation.MessageMappingReflectiveProcessor;

/**
 * Marks a bean method that handles the mesh messages on some topics, as {@code @KafkaListener} does for Kafka
 * records. The payload is converted to the method's parameter type (JSON with the application's Jackson mapper,
 * text as {@code String}, bytes as {@code byte[]}); other parameters may be {@code @Header(MeshHeaders.ORIGIN)}
 * and other {@link dev.peermesh.integration.MeshHeaders}, {@code @Headers Map<String, Object>}, the
 * {@link dev.peermesh.MeshMessage} as it arrived, or a {@code Message<T>}.
 *
 * <p>A non-null return value answers a request ({@code PeermeshTemplate.request}) and goes back to the requester
 * only; for a broadcast it is ignored. A {@code CompletableFuture} answers when it completes. A method that throws
 * keeps nothing from the other listeners: the failure goes to the listener's {@link #errorHandler()}, whose return
 * value answers a request, and otherwise (or when it throws too) to the application's {@code errorChannel}.
 *
 * <p>For AOT and native images the annotation registers the method, and the types of its payload parameter and
 * return value for JSON binding, as {@code @MessageMapping} does.
 *
 * <p>{@code @PeermeshListener(topics = "orders.*") void on(Order order, @Header(MeshHeaders.ORIGIN) String from)}
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(MessageMappingReflectiveProcessor.class)
public @interface PeermeshListener {

    /** Alias of {@link #topics()}. */
    @AliasFor("topics")
    String[] value() default {};

    /**
     * Topic patterns: exact topics, prefixes ending in '*', or '*' for every topic. Property placeholders are
     * resolved.
     */
    @AliasFor("value")
    String[] topics() default {};

    /**
     * The listener's id, for {@link PeermeshListenerRegistry#getListenerContainer(String)} and the
     * {@code peermesh.listener} observation tag; by default the bean's class and the method's name.
     */
    String id() default "";

    /**
     * Whether the listener also gets the messages its own node publishes. Off by default: a service handles what
     * the others send, as Spring Cloud Bus ignores its own events; turn it on when one node both publishes and
     * handles a topic (a single-node test, a local cache fed the same way as remote ones).
     */
    boolean includeOwn() default false;

    /**
     * How many threads run the method: "1" (the default) runs it on the node's delivery thread in the order
     * messages arrive; more hands each message to one of that many threads, chosen by its publisher, so each
     * publisher's messages still run in order. A property placeholder may be given. When all of a thread's queue
     * ({@code peermesh.listener.queue-capacity}) waits, the node's delivery waits too, which holds publishers back.
     */
    String concurrency() default "1";

    /** Name of a {@link PeermeshListenerErrorHandler} bean to call when the method throws. */
    String errorHandler() default "";
}
