package dev.peermesh.node;

import dev.peermesh.MeshMessage;
import dev.peermesh.MessageId;
import dev.peermesh.NodeId;
import dev.peermesh.NodeState;
import dev.peermesh.PublishRejectedException;
import dev.peermesh.log.PeerText;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests this node waits on, by correlation number: a request's replies, or a sent message's receipt, come
 * back as messages naming the number in {@link MeshMessage#IN_REPLY_TO_HEADER}, and {@link #intercept} takes them
 * before the subscribers. A request ends with its first reply, at the end of its window (collecting every reply),
 * or fails after its timeout; a reply for no waiting request (late, or not for this node) is counted and dropped.
 * At most {@code maxPending} wait at once; one more fails at once.
 *
 * <p>Thread-safe: requests open on the callers' threads, replies arrive on the delivery thread, timeouts fire on
 * the JDK's delay scheduler; whichever removes a request from the map ends it. Futures complete on
 * {@link ForkJoinPool#commonPool()}, never on the node's threads.
 */
public final class Requests {

    private static final Logger log = LoggerFactory.getLogger(Requests.class);

    private final long selfId;
    private final String self;
    private final int maxPending;
    private final Function<Outgoing, CompletableFuture<MessageId>> publisher;
    private final Executor executor = ForkJoinPool.commonPool();
    private final Map<Long, Waiting> waiting = new ConcurrentHashMap<>();

    /** Correlation numbers, from a random start so a restarted requester does not take old replies for new. */
    private final AtomicLong numbers;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong lateReplies = new AtomicLong();

    /**
     * @param self this node's id
     * @param maxPending most requests waiting at once
     * @param start the first correlation number
     * @param publisher publishes without blocking ({@code publishAsync})
     */
    Requests(long self, int maxPending, long start, Function<Outgoing, CompletableFuture<MessageId>> publisher) {
        this.selfId = self;
        this.self = NodeId.format(self);
        this.maxPending = maxPending;
        this.numbers = new AtomicLong(start);
        this.publisher = publisher;
    }

    /** Sends a request whose first reply completes the future; it fails after {@code timeout}. */
    public CompletableFuture<MeshMessage> first(Outgoing request, Duration timeout) {
        CompletableFuture<MeshMessage> future = new CompletableFuture<>();
        open(new Waiting(Kind.FIRST, future, request.topic()), request, timeout);
        return future;
    }

    /** Sends a request and completes the future with every reply that came within {@code window}. */
    public CompletableFuture<List<MeshMessage>> all(Outgoing request, Duration window) {
        CompletableFuture<List<MeshMessage>> future = new CompletableFuture<>();
        open(new Waiting(Kind.ALL, future, request.topic()), request, window);
        return future;
    }

    /**
     * Sends a message to one node and completes the future with its id once that node confirmed it; fails after
     * {@code timeout} when it did not (the node is unknown, gone or cut off).
     */
    public CompletableFuture<MessageId> receipt(Outgoing message, Duration timeout) {
        CompletableFuture<MessageId> future = new CompletableFuture<>();
        open(new Waiting(Kind.RECEIPT, future, message.topic()), message, timeout);
        return future;
    }

    /** Publishes a reply to {@code request} without blocking. */
    public CompletableFuture<MessageId> reply(MeshMessage request, Outgoing reply) {
        String number = request.headers().get(MeshMessage.REQUEST_HEADER);
        if (number == null) {
            throw new IllegalArgumentException("Message " + request.id() + " on topic '"
                    + PeerText.escape(request.topic()) + "' is not a request (it has no "
                    + MeshMessage.REQUEST_HEADER + " header): only messages sent with request or requestAll can be "
                    + "answered; publish or send to the node instead");
        }
        return publisher.apply(reply.with(Map.of(MeshMessage.TARGET_HEADER, NodeId.format(request.id().origin()),
                MeshMessage.IN_REPLY_TO_HEADER, number)));
    }

    /**
     * Takes a reply (or a receipt) for this node before the subscribers, keeps this node's own requests from them,
     * and answers a message that asks for a receipt. Call on the delivery thread, with every message about to
     * reach the subscribers.
     *
     * @return whether the message was a reply or this node's own request, which no subscriber gets
     */
    boolean intercept(MeshMessage message) {
        Map<String, String> headers = message.headers();
        if (headers.isEmpty()) {
            return false;
        }
        String inReplyTo = headers.get(MeshMessage.IN_REPLY_TO_HEADER);
        if (inReplyTo != null) {
            replied(message, inReplyTo);
            return true;
        }
        if (message.hops() == 0 && headers.containsKey(MeshMessage.REQUEST_HEADER)) {
            return true; // a node does not answer its own requests
        }
        String receipt = headers.get(MeshMessage.RECEIPT_HEADER);
        if (receipt != null && self.equals(headers.get(MeshMessage.TARGET_HEADER))) {
            Map<String, String> confirmation = Map.of(MeshMessage.TARGET_HEADER, NodeId.format(message.id().origin()),
                    MeshMessage.IN_REPLY_TO_HEADER, receipt,
                    MeshMessage.RECEIPT_HEADER, Long.toString(message.id().sequence()));
            publisher.apply(new Outgoing(message.topic(), confirmation, null, new byte[0], true, 0))
                    .whenComplete((id, ex) -> {
                        if (ex != null) {
                            log.debug("Receipt for {} not sent: {}", message.id(), ex.toString());
                        }
                    });
        }
        return false;
    }

    /** What the requests counted, and how many wait now. */
    NodeState.Requests counters() {
        return new NodeState.Requests(sent.get(), answered.get(), timedOut.get(), rejected.get(), replies.get(),
                lateReplies.get(), waiting.size());
    }

    /** Fails every waiting request: the node stopped. */
    void stopped() {
        for (Long number : List.copyOf(waiting.keySet())) {
            Waiting request = waiting.remove(number);
            if (request != null) {
                fail(request, new PublishRejectedException(PublishRejectedException.Cause.NOT_RUNNING,
                        "The node stopped before request " + number + " on topic '" + request.topic
                        + "' was answered"));
            }
        }
    }

    private void open(Waiting request, Outgoing message, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("A request needs a positive timeout, not " + timeout);
        }
        if (waiting.size() >= maxPending) {
            rejected.incrementAndGet();
            fail(request, new PublishRejectedException(PublishRejectedException.Cause.BACKPRESSURE,
                    maxPending + " requests already wait for replies (peermesh.limits.max-pending-requests, "
                    + "MeshSettings.Builder.maxPendingRequests): wait for some to end, or raise the limit"));
            return;
        }
        long number = numbers.getAndIncrement();
        waiting.put(number, request);
        sent.incrementAndGet();
        Map<String, String> added = request.kind == Kind.RECEIPT
                ? Map.of(MeshMessage.RECEIPT_HEADER, Long.toString(number))
                : Map.of(MeshMessage.REQUEST_HEADER, Long.toString(number));
        CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS, executor)
                .execute(() -> expire(number, timeout));
        publisher.apply(message.with(added)).whenComplete((id, ex) -> {
            if (ex != null && waiting.remove(number, request)) {
                rejected.incrementAndGet();
                fail(request, ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null
                        ? ex.getCause() : ex);
            }
        });
    }

    private void replied(MeshMessage reply, String inReplyTo) {
        replies.incrementAndGet();
        long number;
        try {
            number = Long.parseLong(inReplyTo);
        }
        catch (NumberFormatException ex) {
            number = Long.MIN_VALUE;
        }
        Waiting request = waiting.get(number);
        if (request == null || !self.equals(reply.headers().get(MeshMessage.TARGET_HEADER))) {
            lateReplies.incrementAndGet();
            log.debug("Reply {} to request {} dropped: no such request waits here (it ended, or was never made)",
                    reply.id(), PeerText.escape(inReplyTo));
            return;
        }
        if (request.kind == Kind.ALL) {
            synchronized (request) {
                if (waiting.get(number) == request) {
                    request.replies.add(reply);
                    return;
                }
            }
            lateReplies.incrementAndGet();
        }
        else if (waiting.remove(number, request)) {
            answered.incrementAndGet();
            complete(request, request.kind == Kind.FIRST ? reply : new MessageId(selfId,
                    Long.parseLong(reply.headers().getOrDefault(MeshMessage.RECEIPT_HEADER, "0"))));
        }
        else {
            lateReplies.incrementAndGet();
        }
    }

    private void expire(long number, Duration timeout) {
        Waiting request = waiting.get(number);
        if (request == null) {
            return;
        }
        if (request.kind == Kind.ALL) {
            List<MeshMessage> replies;
            synchronized (request) {
                if (!waiting.remove(number, request)) {
                    return;
                }
                replies = List.copyOf(request.replies);
            }
            (replies.isEmpty() ? timedOut : answered).incrementAndGet();
            complete(request, replies);
            return;
        }
        if (!waiting.remove(number, request)) {
            return;
        }
        timedOut.incrementAndGet();
        String what = request.kind == Kind.RECEIPT
                ? "The target did not confirm the message on topic '" + request.topic + "' within " + timeout
                        + ": no such node is in the mesh, or it is gone or cut off"
                : "No reply to the request on topic '" + request.topic + "' within " + timeout;
        fail(request, new TimeoutException(what));
    }

    @SuppressWarnings("unchecked")
    private void complete(Waiting request, Object value) {
        executor.execute(() -> ((CompletableFuture<Object>) request.future).complete(value));
    }

    private void fail(Waiting request, Throwable failure) {
        executor.execute(() -> request.future.completeExceptionally(failure));
    }

    private enum Kind { FIRST, ALL, RECEIPT }

    /** A request that waits: what it waits for, its future, and the replies of one that collects them all. */
    private static final class Waiting {

        final Kind kind;
        final CompletableFuture<?> future;
        final String topic;
        final List<MeshMessage> replies = new ArrayList<>();

        Waiting(Kind kind, CompletableFuture<?> future, String topic) {
            this.kind = kind;
            this.future = future;
            this.topic = PeerText.escape(topic);
        }
    }
}
