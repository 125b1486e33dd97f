package dev.peermesh.node;

import dev.peermesh.MeshMessage;
import dev.peermesh.MessageId;
import dev.peermesh.NodeId;
import dev.peermesh.PeerAddress;
import dev.peermesh.NodeState;
import dev.peermesh.PublishRejectedException;
import dev.peermesh.log.PeerText;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests this node waits on, by correlation number: a request's replies, or a sent message's receipt, come
 * back as messages naming the number in {@link MeshMessage#IN_REPLY_TO_HEADER} and this node in
 * {@link MeshMessage#TARGET_HEADER}; {@link #replyArrived} takes them on the loop, before they are queued for the
 * subscribers (so a subscriber may wait for a reply on the delivery thread). A request ends with its first reply
 * (from its target, when it has one), at the end of its window (collecting every reply), or fails after its
 * timeout; a reply for no waiting request (late, from another node than the target, or not for this node) is
 * counted and dropped. At most {@code maxPending} wait at once; one more fails at once.
 *
 * <p>Thread-safe: requests open on the callers' threads, replies arrive on the loop, timeouts fire on one daemon
 * thread shared by the nodes of the JVM (a request's timer is cancelled, and removed, when it ends); whichever
 * removes a request from the map ends it. Futures complete on {@link ForkJoinPool#commonPool()}, never on the
 * node's threads.
 */
public final class Requests {

    /** The longest timeout or window a request may have. */
    static final Duration MAX_TIMEOUT = Duration.ofDays(1);

    private static final Logger log = LoggerFactory.getLogger(Requests.class);

    private static final ScheduledThreadPoolExecutor TIMERS = timers();

    private final long selfId;
    private final String self;
    private final int maxPending;
    private final Function<Outgoing, CompletableFuture<MessageId>> publisher;
    private final Executor executor = ForkJoinPool.commonPool();
    private final Map<Long, Waiting> waiting = new ConcurrentHashMap<>();
    /** Requests counted against {@code maxPending}: taken before one is opened, so the bound holds under races. */
    private final AtomicInteger pending = new AtomicInteger();

    /** Correlation numbers, from a random start so a restarted requester does not take old replies for new. */
    private final AtomicLong numbers;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong lateReplies = new AtomicLong();

    private final Supplier<@Nullable PeerAddress> address;

    /**
     * @param self this node's id
     * @param maxPending most requests waiting at once
     * @param start the first correlation number
     * @param publisher publishes without blocking ({@code publishAsync})
     * @param address this node's address once it listens, told in each request so the answer can come straight
     */
    Requests(long self, int maxPending, long start, Function<Outgoing, CompletableFuture<MessageId>> publisher,
            Supplier<@Nullable PeerAddress> address) {
        this.address = address;
        this.selfId = self;
        this.self = NodeId.format(self);
        this.maxPending = maxPending;
        this.numbers = new AtomicLong(start);
        this.publisher = publisher;
    }

    /**
     * Sends a request, to every node on its topic ({@code target} 0) or to one node, whose first reply completes
     * the future; it fails after {@code timeout}.
     */
    public CompletableFuture<MeshMessage> first(long target, Outgoing request, Duration timeout) {
        CompletableFuture<MeshMessage> future = new CompletableFuture<>();
        open(new Waiting(Kind.FIRST, target, future, request.topic()), request, timeout);
        return future;
    }

    /** Sends a request and completes the future with every reply that came within {@code window}. */
    public CompletableFuture<List<MeshMessage>> all(Outgoing request, Duration window) {
        CompletableFuture<List<MeshMessage>> future = new CompletableFuture<>();
        open(new Waiting(Kind.ALL, 0, future, request.topic()), request, window);
        return future;
    }

    /**
     * Sends a message to one node and completes the future with its id once that node confirmed it; fails after
     * {@code timeout} when it did not.
     */
    public CompletableFuture<MessageId> receipt(long target, Outgoing message, Duration timeout) {
        CompletableFuture<MessageId> future = new CompletableFuture<>();
        open(new Waiting(Kind.RECEIPT, target, future, message.topic()), message, timeout);
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
     * Takes a reply or a receipt: on the loop, with every message about to be queued for the subscribers.
     *
     * @return whether the message was one, which no subscriber gets
     */
    boolean replyArrived(MeshMessage message) {
        Map<String, String> headers = message.headers();
        if (headers.isEmpty()) {
            return false;
        }
        String inReplyTo = headers.get(MeshMessage.IN_REPLY_TO_HEADER);
        if (inReplyTo == null) {
            return false;
        }
        replied(message, inReplyTo);
        return true;
    }

    /**
     * Keeps this node's own requests (to every node) from its subscribers, and confirms a message sent to this
     * node that asks for a receipt: on the delivery thread, with every message about to reach the subscribers.
     *
     * @return whether the subscribers are not to get the message
     */
    boolean beforeSubscribers(MeshMessage message) {
        Map<String, String> headers = message.headers();
        if (headers.isEmpty()) {
            return false;
        }
        String target = headers.get(MeshMessage.TARGET_HEADER);
        if (message.hops() == 0 && target == null && headers.containsKey(MeshMessage.REQUEST_HEADER)) {
            return true; // a node does not answer its own requests to every node
        }
        String receipt = headers.get(MeshMessage.RECEIPT_HEADER);
        if (receipt != null && self.equals(target)) {
            Map<String, String> confirmation = Map.of(MeshMessage.TARGET_HEADER, NodeId.format(message.id().origin()),
                    MeshMessage.IN_REPLY_TO_HEADER, receipt,
                    MeshMessage.RECEIPT_HEADER, Long.toString(message.id().sequence()));
            publisher.apply(new Outgoing(message.topic(), confirmation, null, new byte[0], true, 0))
                    .whenComplete((id, ex) -> {
                        if (ex != null) {
                            log.warn("Receipt for {} not sent, its sender will take it as not delivered: {}",
                                    message.id(), ex.toString());
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
                end(request);
                rejected.incrementAndGet();
                fail(request, new PublishRejectedException(PublishRejectedException.Cause.NOT_RUNNING,
                        "The node stopped before request " + number + " on topic '" + request.topic
                        + "' was answered"));
            }
        }
    }

    private void open(Waiting request, Outgoing message, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("A request's timeout or window must be positive and at most "
                    + MAX_TIMEOUT + ", not " + timeout);
        }
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            rejected.incrementAndGet();
            fail(request, new PublishRejectedException(PublishRejectedException.Cause.BACKPRESSURE,
                    maxPending + " requests already wait for replies (peermesh.limits.max-pending-requests, "
                    + "MeshSettings.Builder.maxPendingRequests): wait for some to end, or raise the limit"));
            return;
        }
        long number = numbers.getAndIncrement();
        waiting.put(number, request);
        Map<String, String> added = new HashMap<>();
        added.put(request.kind == Kind.RECEIPT ? MeshMessage.RECEIPT_HEADER : MeshMessage.REQUEST_HEADER,
                Long.toString(number));
        if (request.target != 0) {
            added.put(MeshMessage.TARGET_HEADER, NodeId.format(request.target));
        }
        PeerAddress here = address.get();
        if (here != null) {
            added.put(MeshMessage.ADDRESS_HEADER, here.toString());
        }
        request.timer = TIMERS.schedule(() -> executor.execute(() -> expire(number, timeout)), timeout.toNanos(),
                TimeUnit.NANOSECONDS);
        CompletableFuture<MessageId> published;
        try {
            published = publisher.apply(message.with(added));
        }
        catch (RuntimeException ex) {
            published = CompletableFuture.failedFuture(ex);
        }
        published.whenComplete((id, ex) -> {
            if (ex == null) {
                sent.incrementAndGet();
            }
            else if (waiting.remove(number, request)) {
                end(request);
                rejected.incrementAndGet();
                fail(request, ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex);
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
        if (request == null || !self.equals(reply.headers().get(MeshMessage.TARGET_HEADER))
                || request.target != 0 && reply.id().origin() != request.target) {
            late(reply, inReplyTo);
            return;
        }
        if (request.kind == Kind.ALL) {
            synchronized (request) {
                if (waiting.get(number) == request) {
                    request.replies.add(reply);
                    return;
                }
            }
            late(reply, inReplyTo);
            return;
        }
        Object value = reply;
        if (request.kind == Kind.RECEIPT) {
            try {
                value = new MessageId(selfId, Long.parseLong(reply.headers().get(MeshMessage.RECEIPT_HEADER)));
            }
            catch (NumberFormatException ex) {
                late(reply, inReplyTo); // no receipt that names the message it confirms
                return;
            }
        }
        if (waiting.remove(number, request)) {
            end(request);
            answered.incrementAndGet();
            complete(request, value);
        }
        else {
            late(reply, inReplyTo);
        }
    }

    private void late(MeshMessage reply, String inReplyTo) {
        lateReplies.incrementAndGet();
        log.debug("Reply {} to request {} dropped: no such request waits here for it (it ended, was never made, "
                + "or asked another node)", reply.id(), PeerText.escape(inReplyTo));
    }

    private void expire(long number, Duration timeout) {
        Waiting request = waiting.get(number);
        if (request == null) {
            return;
        }
        if (request.kind == Kind.ALL) {
            List<MeshMessage> collected;
            synchronized (request) {
                if (!waiting.remove(number, request)) {
                    return;
                }
                collected = List.copyOf(request.replies);
            }
            end(request);
            (collected.isEmpty() ? timedOut : answered).incrementAndGet();
            complete(request, collected);
            return;
        }
        if (!waiting.remove(number, request)) {
            return;
        }
        end(request);
        timedOut.incrementAndGet();
        String what = request.kind == Kind.RECEIPT
                ? "Node " + NodeId.format(request.target) + " did not confirm the message on topic '" + request.topic
                        + "' within " + timeout + ": no such node is in the mesh, it is gone or cut off, or its "
                        + "confirmation was lost (the message may have been delivered)"
                : "No reply to the request on topic '" + request.topic + "'"
                        + (request.target == 0 ? "" : " from node " + NodeId.format(request.target))
                        + " within " + timeout;
        fail(request, new TimeoutException(what));
    }

    /** A request left the map: its slot frees and its timer goes. */
    private void end(Waiting request) {
        pending.decrementAndGet();
        ScheduledFuture<?> timer = request.timer;
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @SuppressWarnings("unchecked")
    private void complete(Waiting request, Object value) {
        executor.execute(() -> ((CompletableFuture<Object>) request.future).complete(value));
    }

    private void fail(Waiting request, Throwable failure) {
        executor.execute(() -> request.future.completeExceptionally(failure));
    }

    private static ScheduledThreadPoolExecutor timers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "peermesh-request-timers");
            thread.setDaemon(true);
            return thread;
        });
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    private enum Kind { FIRST, ALL, RECEIPT }

    /** A request that waits: what for, from whom (0: any node), its future, and an ALL request's replies. */
    private static final class Waiting {

        final Kind kind;
        final long target;
        final CompletableFuture<?> future;
        final String topic;
        final List<MeshMessage> replies = new ArrayList<>();
        volatile @Nullable ScheduledFuture<?> timer;

        Waiting(Kind kind, long target, CompletableFuture<?> future, String topic) {
            this.kind = kind;
            this.target = target;
            this.future = future;
            this.topic = PeerText.escape(topic);
        }
    }
}
