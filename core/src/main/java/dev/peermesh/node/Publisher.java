package dev.peermesh.node;

import dev.peermesh.MeshMessage;
import dev.peermesh.MeshSettings;
import dev.peermesh.MessageId;
import dev.peermesh.PublishRejectedException;
import dev.peermesh.PublishRejectedException.Cause;
import dev.peermesh.PublishResult;
import dev.peermesh.PublishResult.Status;
import dev.peermesh.protocol.NeighborLimit;
import dev.peermesh.wire.FrameWriter;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The three ways a message is handed to the node — waiting ({@link #publish}), trying ({@link #tryPublish}) and not
 * blocking ({@link #publishAsync}) — over one path: check the message, wait until the node takes publishes, reserve
 * a place in its {@link PublishQueue}, and only then copy the headers and payload, sign and queue. A publish that is
 * refused or still waits has copied nothing.
 *
 * <p>Thread-safe. {@code long sequence = publisher.publish(outgoing, settings.publishTimeout());}
 */
final class Publisher {

    /** Longest wait taken as given; longer ones (a timeout of years) wait this long, so deadlines cannot overflow. */
    private static final long LONGEST_WAIT_NANOS = Long.MAX_VALUE / 4;

    private final String node;

    private final long nodeId;

    private final MeshSettings settings;

    private final PublishQueue queue;

    private final int signatureLength;

    private final BooleanSupplier running;

    private final Supplier<@Nullable NeighborLimit> smallestNeighbor;

    private final AsyncPublishes async;

    /**
     * @param running whether the node runs
     * @param smallestNeighbor the neighbor with the smallest maximum message size, or {@code null}; read while
     *        running only
     */
    Publisher(String node, long nodeId, MeshSettings settings, PublishQueue queue, int signatureLength,
            BooleanSupplier running, Supplier<@Nullable NeighborLimit> smallestNeighbor) {
        this.node = node;
        this.nodeId = nodeId;
        this.settings = settings;
        this.queue = queue;
        this.signatureLength = signatureLength;
        this.running = running;
        this.smallestNeighbor = smallestNeighbor;
        this.async = new AsyncPublishes(this, queue, settings.limits().maxPendingAsyncPublishes(),
                settings.limits().maxPendingPublishBytes(), nanos(settings.publishTimeout()));
        queue.gate().onOpened(async::opened);
    }

    /** Publishes, waiting at most {@code timeout} while the node holds publishes back; see {@code MeshNode}. */
    long publish(Outgoing message, Duration timeout) {
        check(message);
        int bytes = message.payload().length;
        Status hold = queue.admit(bytes);
        if (hold != Status.ACCEPTED) {
            awaitAdmission(hold, bytes, timeout);
        }
        return accept(message);
    }

    /** Publishes if the node takes the message now; see {@code MeshNode}. */
    PublishResult tryPublish(Outgoing message) {
        check(message);
        Status hold = queue.admit(message.payload().length);
        return hold == Status.ACCEPTED ? PublishResult.of(id(accept(message))) : PublishResult.heldBack(hold);
    }

    /** Publishes without blocking; see {@code MeshNode}. */
    CompletableFuture<MessageId> publishAsync(Outgoing message) {
        try {
            check(message);
        }
        catch (PublishRejectedException ex) {
            return CompletableFuture.failedFuture(ex);
        }
        return async.submit(message);
    }

    /** Waits until {@link PublishQueue#admit(int)} reserved a place for {@code bytes} payload bytes, or throws. */
    private void awaitAdmission(Status hold, int bytes, Duration timeout) {
        long timeoutNanos = nanos(timeout);
        long start = System.nanoTime();
        while (true) {
            if (!running.getAsBoolean() || queue.gate().closed()) {
                throw notRunning();
            }
            long left = timeoutNanos - (System.nanoTime() - start);
            if (left <= 0) {
                throw timedOut(hold, timeout);
            }
            try {
                queue.gate().await(left, () -> queue.hold(bytes) != Status.ACCEPTED);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt(); // the caller's to see: this method only gives up
                throw new PublishRejectedException(Cause.BACKPRESSURE, "Publish to node " + node + " was interrupted"
                        + " after waiting " + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms while "
                        + queue.reason(hold) + "; the message was not published");
            }
            hold = queue.admit(bytes);
            if (hold == Status.ACCEPTED) {
                return;
            }
        }
    }

    /**
     * Copies and queues a message {@link PublishQueue#admit(int)} made room for: the first time anything of it is
     * copied. Releases the place when the copy fails.
     *
     * @return the message's sequence number
     */
    long accept(Outgoing message) {
        Map<String, String> headers;
        byte[] payload;
        try {
            headers = headers(message);
            payload = message.owned() ? message.payload() : message.payload().clone();
        }
        catch (RuntimeException | Error ex) {
            queue.release(message.payload().length);
            throw ex;
        }
        return queue.enqueue(message.topic(), headers, payload, message.hopLimit());
    }

    /** The message's headers as sent: the caller's, with a default content type and the send time added. */
    private Map<String, String> headers(Outgoing message) {
        String contentType = message.contentType();
        boolean addType = contentType != null && !message.headers().containsKey(MeshMessage.CONTENT_TYPE_HEADER);
        if (!addType && !settings.stampSendTime()) {
            return Map.copyOf(message.headers()); // no copy at all when they are immutable already
        }
        Map<String, String> copy = new HashMap<>(message.headers());
        if (addType) {
            copy.put(MeshMessage.CONTENT_TYPE_HEADER, contentType);
        }
        if (settings.stampSendTime()) {
            copy.put(MeshMessage.SENT_AT_HEADER, Long.toString(System.currentTimeMillis()));
        }
        return Map.copyOf(copy);
    }

    /**
     * Checks a message against the mesh's limits and the node's neighbors, counting what {@link #headers} adds,
     * without copying anything, so a message that can never go fails at once rather than after a wait.
     */
    private void check(Outgoing message) {
        Map<String, String> headers = message.headers();
        int added = 0;
        long addedBytes = 0;
        String contentType = message.contentType();
        if (contentType != null && !headers.containsKey(MeshMessage.CONTENT_TYPE_HEADER)) {
            added++;
            addedBytes += 4 + FrameWriter.utf8Length(MeshMessage.CONTENT_TYPE_HEADER)
                    + FrameWriter.utf8Length(contentType);
        }
        if (settings.stampSendTime()) {
            int stamp = digits(System.currentTimeMillis());
            String own = headers.get(MeshMessage.SENT_AT_HEADER);
            if (own == null) {
                added++;
                addedBytes += 4 + FrameWriter.utf8Length(MeshMessage.SENT_AT_HEADER) + stamp;
            }
            else {
                addedBytes += stamp - FrameWriter.utf8Length(own);
            }
        }
        PublishCheck.check(message.topic(), headers, added, addedBytes, message.payload().length,
                message.hopLimit(), settings.frameLimits(), signatureLength);
        if (!running.getAsBoolean()) {
            throw new PublishRejectedException(Cause.NOT_RUNNING,
                    "Node " + node + " is not running; start it before publishing");
        }
        // A neighbor that joins after this check does not get it either: the loop checks each link again.
        PublishCheck.checkNeighbors(message.topic(), headers, addedBytes, message.payload().length, signatureLength,
                settings.maxMessageSize(), smallestNeighbor.get());
    }

    /** The refusal of a publish still held back after {@code timeout}: how long, why, and what to raise. */
    PublishRejectedException timedOut(Status hold, Duration timeout) {
        String reason = queue.reason(hold);
        if (timeout.isZero()) {
            return new PublishRejectedException(Cause.BACKPRESSURE, Character.toUpperCase(reason.charAt(0))
                    + reason.substring(1) + "; slow down and try again, or let publishers wait for the node with "
                    + "peermesh.publish-timeout (MeshSettings.Builder.publishTimeout), now 0");
        }
        return new PublishRejectedException(Cause.BACKPRESSURE, "Publish to node " + node + " waited "
                + timeout.toMillis() + " ms, the whole peermesh.publish-timeout (MeshSettings.Builder.publishTimeout),"
                + " while " + reason + "; slow down, or raise peermesh.publish-timeout");
    }

    /** The refusal of a {@code publishAsync} that would wait beyond the bound. */
    PublishRejectedException asyncOverflow(int limit) {
        return new PublishRejectedException(Cause.BACKPRESSURE, limit + " publishAsync calls already wait for node "
                + node + " (peermesh.limits.max-pending-async-publishes, MeshSettings.Builder"
                + ".maxPendingAsyncPublishes) while " + queue.reason(queue.hold(0)) + "; slow down, or raise it");
    }

    PublishRejectedException asyncBytesOverflow(long maxBytes) {
        return new PublishRejectedException(Cause.BACKPRESSURE, "publishAsync calls holding " + maxBytes
                + " payload bytes already wait for node " + node + " (peermesh.limits.max-pending-publish-bytes, "
                + "MeshSettings.Builder.maxPendingPublishBytes) while " + queue.reason(queue.hold(0))
                + "; slow down, or raise it");
    }

    PublishRejectedException notRunning() {
        return new PublishRejectedException(Cause.NOT_RUNNING,
                "Node " + node + " stopped while the publish waited; the message was not published");
    }

    MessageId id(long sequence) {
        return new MessageId(nodeId, sequence);
    }

    /** Whether the node stopped: nothing waits any more. */
    boolean closed() {
        return queue.gate().closed() || !running.getAsBoolean();
    }

    private static long nanos(Duration timeout) {
        return timeout.compareTo(Duration.ofNanos(LONGEST_WAIT_NANOS)) > 0 ? LONGEST_WAIT_NANOS
                : timeout.toNanos();
    }

    /** Decimal digits of a non-negative number: the length of a send-time stamp. */
    private static int digits(long value) {
        int digits = 1;
        for (long rest = value; rest >= 10; rest /= 10) {
            digits++;
        }
        return digits;
    }
}
