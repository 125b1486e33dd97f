package dev.peermesh.node;

import dev.peermesh.PublishRejectedException;
import dev.peermesh.PublishResult.Status;
import dev.peermesh.SealSettings;
import dev.peermesh.wire.Frame;
import io.netty.channel.EventLoop;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes on their way from the callers' threads to the node's loop: numbered in the order they were accepted,
 * bounded, and handed to the protocol in runs, so a burst of publishes wakes the loop once rather than once each.
 * The sequence numbers go on across restarts, so peers never take a new message for an old one.
 *
 * <p>Thread-safe. {@code if (publishes.admit(payload.length) == Status.ACCEPTED) {
 * sequence = publishes.enqueue(topic, headers, payload, hopLimit); }}
 */
final class PublishQueue {

    private static final Logger log = LoggerFactory.getLogger(PublishQueue.class);

    /**
     * Publishes handed to the protocol in one turn of the loop; the next run waits for the loop's next turn, after it
     * read its links (see {@link #drain()}). A sealing node's runs are up to a full seal, {@link Frame#MAX_SEALED}.
     */
    static final int RUN = 256;

    private record Publish(long sequence, String topic, Map<String, String> headers, byte[] payload,
            int hopLimit, byte[] signature) {
    }

    /** Signs a publish once its sequence number is known. */
    @FunctionalInterface
    interface Signer {
        byte[] sign(long sequence, String topic, Map<String, String> headers, byte[] payload, int hopLimit);
    }

    /** The signer of a node that does not sign. */
    static final Signer UNSIGNED = (sequence, topic, headers, payload, hopLimit) -> Frame.NO_SIGNATURE;

    /**
     * Seals a run of this node's messages on the loop, before they go out, when its {@link Signer} gave their
     * digests rather than signatures: one signature for the run, or for a group of consecutive runs at once.
     */
    @FunctionalInterface
    interface Sealer {
        /** Seals {@code runs} (each up to {@link Frame#MAX_SEALED} digests) of consecutive messages from first. */
        void seal(long first, byte[]... runs);

        /** How many other origins' seals the node checked since it was last asked: what it paces its own by. */
        default int sealersHeard() {
            return 0;
        }
    }

    private final String node;

    private final int capacity;

    private final Signer signer;

    private final @Nullable Sealer sealer;

    /** When a sealing queue may seal next; {@code null} without a sealer. Touched on the loop only. */
    private final @Nullable SealPacing pacing;

    /** The publishes sealed at once, handed to the protocol a seal's worth a turn; on the loop only. */
    private final SealedRuns<Publish> sealed = new SealedRuns<>(Publish::sequence);

    private final Queue<Publish> queue = new ConcurrentLinkedQueue<>();

    private final AtomicInteger pending = new AtomicInteger();

    /** Most payload bytes queued: {@code limits.max-pending-publish-bytes}. */
    private final long maxBytes;

    /** Payload bytes of the publishes reserved or queued and not yet handed to the protocol. */
    private final AtomicLong pendingBytes = new AtomicLong();

    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    /** Whether a full run was signalled to the loop while it waits out a seal interval, and not yet sealed. */
    private final AtomicBoolean fullRunSignalled = new AtomicBoolean();

    /**
     * Whether the next drain waits out a seal interval: only then does a full run go at once from {@code enqueue}.
     * Otherwise drains come one per loop turn, as they must (see {@link #drain()}).
     */
    private volatile boolean sealWaiting;

    private final Object order = new Object();

    private final PublishGate gate = new PublishGate();

    private long sequence;

    private volatile EventLoop loop;

    private volatile Target target;

    private volatile FlowControl flow;

    /** Whether draining stopped at a congested link and waits for {@link #resume()}; touched on the loop only. */
    private boolean held;

    PublishQueue(String node, int capacity, long maxBytes) {
        this(node, capacity, maxBytes, UNSIGNED, null, new SealSettings(false, Duration.ZERO, 1));
    }

    /**
     * A queue whose publishes {@code signer} signs, on the publishing thread, as they are numbered; with a
     * {@code sealer}, the signer gives each publish's digest, and what is queued is sealed before it is handed to
     * the protocol, at most once per seal interval ({@code seals}) unless a full run is waiting: one seal, or a
     * group of up to {@link Frame#MAX_SEAL_GROUP} full seals when a backlog waits.
     */
    PublishQueue(String node, int capacity, long maxBytes, Signer signer, @Nullable Sealer sealer,
            SealSettings seals) {
        this.node = node;
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.signer = signer;
        this.sealer = sealer;
        this.pacing = sealer == null ? null : new SealPacing(seals, sealer::sealersHeard, System.nanoTime());
    }

    /** The least time between two seals now, as last paced (on the loop; for tests). */
    long sealIntervalNanos() {
        return pacing == null ? 0 : pacing.intervalNanos();
    }

    /** Where a publish goes on the loop: the protocol, through the node's driver. */
    @FunctionalInterface
    interface Target {
        void publish(long sequence, String topic, Map<String, String> headers, byte[] payload, int hopLimit,
                byte[] signature);
    }

    /**
     * Starts handing publishes to {@code target} on this loop, held while {@code flow} says so; whatever a stopped
     * node left queued is dropped.
     */
    void attach(EventLoop loop, FlowControl flow, Target target) {
        queue.clear();
        pending.set(0);
        pendingBytes.set(0);
        drainScheduled.set(false);
        held = false;
        sealed.clear();
        gate.reopen();
        this.loop = loop;
        this.flow = flow;
        this.target = target;
    }

    /**
     * Whether the node takes a publish of {@code bytes} payload bytes now; refuses without reserving anything. Any
     * thread.
     *
     * @return {@link Status#ACCEPTED}, or what holds publishes back
     */
    Status hold(int bytes) {
        if (flow.subscribersBehind()) {
            return Status.SUBSCRIBERS_BEHIND;
        }
        if (flow.linkCongested()) {
            return Status.LINK_CONGESTED;
        }
        if (flow.treeCongested()) {
            return Status.TREE_CONGESTED;
        }
        return pending.get() >= capacity || !bytesFit(pendingBytes.get(), bytes) ? Status.QUEUE_FULL
                : Status.ACCEPTED;
    }

    /**
     * Whether {@code bytes} more fit beside {@code queued}: within the bound, or into a queue holding nothing (at
     * most nothing: a reservation made before a restart and given back after it may leave the count below zero).
     */
    private boolean bytesFit(long queued, int bytes) {
        return queued <= 0 || queued + bytes <= maxBytes;
    }

    /**
     * Reserves a place for one publish of {@code bytes} payload bytes when nothing holds publishes back; the caller
     * then {@link #enqueue}s a payload of that length, or {@link #release}s the place. Any thread.
     *
     * @return {@link Status#ACCEPTED} when a place is reserved, or what holds publishes back
     */
    Status admit(int bytes) {
        Status hold = hold(bytes);
        if (hold != Status.ACCEPTED) {
            return hold;
        }
        if (pending.incrementAndGet() > capacity) {
            pending.decrementAndGet();
            return Status.QUEUE_FULL;
        }
        long queued;
        do { // added only where it fits, so a refusal never counts bytes another caller could have had
            queued = pendingBytes.get();
            if (!bytesFit(queued, bytes)) {
                pending.decrementAndGet();
                return Status.QUEUE_FULL;
            }
        } while (!pendingBytes.compareAndSet(queued, queued + bytes));
        return Status.ACCEPTED;
    }

    /** Gives back a place {@link #admit(int)} reserved for a publish that is not enqueued after all. */
    void release(int bytes) {
        pendingBytes.addAndGet(-bytes);
        pending.decrementAndGet();
        gate.opened();
    }

    /** What holds publishes back, for a refusal: the reason and the property that sets the limit. */
    String reason(Status hold) {
        return switch (hold) {
            case SUBSCRIBERS_BEHIND -> "subscribers of node " + node + " have half of peermesh.limits"
                    + ".max-pending-deliveries (MeshSettings.Builder.maxPendingDeliveries) waiting";
            case LINK_CONGESTED -> "a neighbor link of node " + node + " has more than " + flow.congestionThreshold()
                    + " bytes waiting to be sent (peermesh.limits.link-high-water, MeshSettings.Builder"
                    + ".linkHighWaterBytes)";
            case TREE_CONGESTED -> "a node down the broadcast tree of node " + node + " has more than its "
                    + "link-high-water bytes waiting on a link and paused it (peermesh.limits.link-high-water, "
                    + "MeshSettings.Builder.linkHighWaterBytes)";
            case QUEUE_FULL -> capacity + " publishes or " + maxBytes + " payload bytes are already waiting for node "
                    + node + " (peermesh.limits.max-pending-publishes and max-pending-publish-bytes, MeshSettings"
                    + ".Builder.maxPendingPublishes and maxPendingPublishBytes)";
            case ACCEPTED -> "node " + node + " takes publishes";
        };
    }

    /**
     * Numbers, signs and queues a publish {@link #admit(int)} made room for, with a payload of the length admitted
     * (the payload and headers are the node's copies, not touched again).
     *
     * @return the message's sequence number
     * @throws PublishRejectedException when the loop is gone
     */
    long enqueue(String topic, Map<String, String> headers, byte[] payload, int hopLimit) {
        long accepted;
        // Signed here, on the publisher's thread rather than the loop's; inside the lock, because the signature
        // covers the sequence number and the loop must get publishes in sequence order.
        synchronized (order) {
            byte[] signature;
            try {
                signature = signer.sign(sequence + 1, topic, headers, payload, hopLimit);
            }
            catch (RuntimeException | Error ex) {
                release(payload.length);
                throw ex;
            }
            accepted = ++sequence;
            queue.add(new Publish(accepted, topic, headers, payload, hopLimit, signature));
        }
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                loop.execute(this::drain);
            }
            catch (RejectedExecutionException ex) {
                queue.clear();
                pending.set(0);
                pendingBytes.set(0);
                throw new PublishRejectedException(PublishRejectedException.Cause.NOT_RUNNING,
                        "Node " + node + " is stopping; the message was not published");
            }
        }
        else if (sealWaiting && pending.get() >= Frame.MAX_SEALED && fullRunSignalled.compareAndSet(false, true)) {
            try {
                loop.execute(this::sealFullRun); // the drain scheduled meanwhile may be a paced interval away
            }
            catch (RejectedExecutionException ex) {
                // the node is stopping: the scheduled drain never comes either
            }
        }
        return accepted;
    }

    /**
     * On the loop: a full run came in while the queue waits out a seal interval, which pacing may have made long;
     * sealed now rather than when the interval ends, so publishers do not fill the queue meanwhile.
     */
    private void sealFullRun() {
        fullRunSignalled.set(false);
        Target target = this.target;
        if (sealWaiting && !sealed.waiting() && !held && !mustHold() && pending.get() >= Frame.MAX_SEALED) {
            drainSealed(target, Frame.MAX_SEALED); // one seal: the paced drain still to come hands over no more
        }
    }

    /**
     * Takes up to {@code most} publishes, seals them with one signature over their digests — a seal a
     * {@link Frame#MAX_SEALED}, in one group when there are more (a backlog: receivers then check one signature for
     * up to {@link Frame#MAX_SEAL_GROUP} seals) — and hands the first seal's worth to the protocol marked
     * {@link Frame#SEALED}, the rest in the next turns. The seals are kept by the node's verifier, which sends each on
     * a link before the first message it covers.
     *
     * @return how many were handed over
     */
    private int drainSealed(Target target, int most) {
        assert !sealed.waiting() : "the publishes sealed ahead are handed over before more are sealed";
        while (sealed.hasRoom(most) && !mustHold()) {
            Publish publish = take();
            if (publish == null) {
                break;
            }
            sealed.add(publish);
        }
        if (sealed.size() == 0) {
            return 0;
        }
        pacing.sealed(System.nanoTime());
        try {
            sealer.seal(sealed.first(), sealed.digests(Publish::signature));
        }
        catch (RuntimeException ex) {
            log.error("Node {} could not seal messages {} to {}; receivers that verify will drop them", node,
                    sealed.first(), sealed.last(), ex);
        }
        return handOverSealed(target);
    }

    /** Hands the protocol the next seal's worth of the publishes sealed at once, unless it must hold. */
    private int handOverSealed(Target target) {
        return mustHold() ? 0 : sealed.handOver(publish -> handOver(target, publish, Frame.SEALED));
    }

    /** Hands publishes to the protocol one at a time, each with its own signature (or none), until it must hold. */
    private int drainEach(Target target) {
        int taken = 0;
        while (taken < RUN && !mustHold()) {
            Publish publish = take();
            if (publish == null) {
                break;
            }
            taken++;
            handOver(target, publish, publish.signature());
        }
        return taken;
    }

    /**
     * The next publish, still counted as pending until it is {@link #handOver handed over} (publishes sealed ahead
     * count against the queue's bounds while they wait); {@code null} when none is queued.
     */
    private @Nullable Publish take() {
        return queue.poll();
    }

    private void handOver(Target target, Publish publish, byte[] signature) {
        pending.decrementAndGet();
        pendingBytes.addAndGet(-publish.payload().length);
        try {
            target.publish(publish.sequence(), publish.topic(), publish.headers(), publish.payload(),
                    publish.hopLimit(), signature);
        }
        catch (RuntimeException ex) {
            // one message that cannot go out must not stop the ones behind it
            log.error("Node {} could not publish message {}", node, publish.sequence(), ex);
        }
    }

    /** Where publishers wait while publishes are held back; signalled whenever the node may take them again. */
    PublishGate gate() {
        return gate;
    }

    /** The node stops: publishers waiting give up. */
    void close() {
        gate.close();
    }

    /** Whether draining must wait: a link is congested, or the node's subscribers are behind. */
    private boolean mustHold() {
        return flow.publishesHeld();
    }

    /** Publishes waiting for the loop. */
    int pending() {
        return pending.get();
    }

    /** On the loop, when no link is congested and subscribers caught up: goes on with the publishes held back. */
    void resume() {
        gate.opened();
        if (held) {
            held = false;
            try {
                loop.execute(this::drain); // not inline: this runs inside a flush
            }
            catch (RejectedExecutionException ex) {
                // the node is stopping
            }
        }
    }

    /**
     * On the loop: one run of publishes, then again in the loop's next turn if more are waiting. While a link is
     * congested the rest wait in the queue (and new ones wait for room once it is full) instead of piling up on the
     * link; a run that took publishes opens the gate for publishers waiting for room once half the queue is free.
     * Opened after every run, the gate woke publishers waiting for a full queue (a lock and a futex call on the
     * loop) for 256 places at a time; in a saturated 3-node benchmark 2 % of the loops' samples and a third of the
     * publishers' went into waking and parking, most of it now for links that congest and drain
     * (docs/benchmarks.md).
     *
     * <p>The next run is scheduled, not executed: Netty runs the tasks executed during its task phase in the same
     * phase and looks at the clock once every 64 tasks, so a run that executed the next one handed at least 64 runs
     * (16,384 publishes) over before the loop read its links again. Such a node sent much and read little, its
     * neighbors' links to it filled and held their publishers back, and it published 12 to 40 times as much as each
     * of them in a saturated 3-node benchmark (docs/benchmarks.md). A scheduled task waits for the loop's next turn.
     */
    private void drain() {
        Target target = this.target;
        if (sealer != null && !sealed.waiting()) {
            // set before the count is read: a publish that fills a run after it was read signals it (enqueue)
            sealWaiting = true;
            long wait = pacing.waitNanos(System.nanoTime(), pending.get() >= Frame.MAX_SEALED);
            if (wait > 0) {
                try {
                    loop.schedule(this::drain, wait, TimeUnit.NANOSECONDS); // drainScheduled stays set meanwhile
                }
                catch (RejectedExecutionException ex) {
                    // the node is stopping
                }
                return;
            }
        }
        sealWaiting = false;
        int taken = sealer == null ? drainEach(target)
                : sealed.waiting() ? handOverSealed(target) : drainSealed(target, sealed.capacity());
        if (taken > 0 && pending.get() <= capacity / 2 && pendingBytes.get() <= maxBytes / 2) {
            gate.opened(); // room in the queue for publishers that waited for it: half of it, so they fill it in bulk
        }
        if (mustHold()) {
            held = true;
            return;
        }
        if (queue.isEmpty() && !sealed.waiting()) {
            drainScheduled.set(false);
            // a publish that came in after the last poll but before the flag was cleared scheduled nothing
            if (queue.isEmpty() || !drainScheduled.compareAndSet(false, true)) {
                return;
            }
        }
        try {
            loop.schedule(this::drain, 0, TimeUnit.NANOSECONDS);
        }
        catch (RejectedExecutionException ex) {
            // the node is stopping: what is still queued goes with it, as a crash would take it
        }
    }
}
