package dev.peermesh.sample.stream;

import dev.peermesh.sample.SampleProperties;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open server-sent event streams of this node, at most {@code sample.stream.max-subscribers}. Events are sent
 * on a thread of its own, so a slow browser never holds up the mesh's delivery thread; at most
 * {@link #MAX_PENDING_EVENTS} wait, and events beyond that are dropped and counted. A stream is forgotten when it
 * completes, times out or fails, and idle streams get a heartbeat comment so dead connections are noticed.
 *
 * <p>{@code SseEmitter emitter = stream.subscribe(); stream.publish("message", chat);}
 */
public final class EventStream implements DisposableBean {

    /** Most events waiting to be sent before new ones are dropped. */
    public static final int MAX_PENDING_EVENTS = 1_000;

    private static final Logger log = LoggerFactory.getLogger(EventStream.class);

    private final Set<SseEmitter> emitters = ConcurrentHashMap.newKeySet();

    private final AtomicInteger pending = new AtomicInteger();

    private final AtomicLong dropped = new AtomicLong();

    private final ScheduledThreadPoolExecutor sender;

    private final int maxSubscribers;

    private final long timeoutMillis;

    public EventStream(SampleProperties.Stream properties) {
        if (properties.getMaxSubscribers() < 1) {
            throw new InvalidConfigurationPropertyValueException("sample.stream.max-subscribers",
                    properties.getMaxSubscribers(), "Allow at least 1 event stream");
        }
        this.maxSubscribers = properties.getMaxSubscribers();
        this.timeoutMillis = properties.getTimeout().toMillis();
        this.sender = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "sample-event-stream");
            thread.setDaemon(true);
            return thread;
        });
        long heartbeat = Math.max(properties.getHeartbeat().toMillis(), 100);
        sender.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a stream that gets every event from now on, starting with the given one.
     *
     * @throws TooManySubscribersException when the most streams allowed are open
     */
    public synchronized SseEmitter subscribe(String firstEvent, Object firstData) {
        if (emitters.size() >= maxSubscribers) {
            throw new TooManySubscribersException(maxSubscribers);
        }
        SseEmitter emitter = new SseEmitter(timeoutMillis);
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(error -> emitters.remove(emitter));
        emitters.add(emitter);
        send(emitter, SseEmitter.event().name(firstEvent).data(firstData));
        return emitter;
    }

    /** Sends an event to every open stream, soon, on the sender thread. */
    public void publish(String name, Object data) {
        if (emitters.isEmpty()) {
            return;
        }
        if (pending.incrementAndGet() > MAX_PENDING_EVENTS) {
            pending.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        sender.execute(() -> {
            pending.decrementAndGet();
            for (SseEmitter emitter : emitters) {
                send(emitter, SseEmitter.event().name(name).data(data));
            }
        });
    }

    /** Streams open now. */
    public int subscribers() {
        return emitters.size();
    }

    /** Events dropped because too many were waiting. */
    public long dropped() {
        return dropped.get();
    }

    private void heartbeat() {
        for (SseEmitter emitter : emitters) {
            send(emitter, SseEmitter.event().comment("heartbeat"));
        }
    }

    private void send(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        }
        catch (IOException | IllegalStateException ex) {
            log.debug("Event stream closed: {}", ex.toString());
            emitters.remove(emitter);
            emitter.completeWithError(ex);
        }
    }

    /** Ends every stream and the sender thread. */
    @Override
    public void destroy() {
        sender.shutdownNow();
        emitters.forEach(SseEmitter::complete);
        emitters.clear();
    }
}
