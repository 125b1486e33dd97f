package dev.peermesh.node;

import dev.peermesh.protocol.Timer;
import dev.peermesh.transport.NettyTransport;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The node's back-pressure in one place. Two things make a node slow down: a neighbor link with more than the
 * high-water mark waiting to be sent (publishes are held, and new ones wait), and subscribers that fell
 * behind (the node also stops reading its links, and dissemination timers wait, so a message that is only unread is
 * not pulled or given up as lost). This class pauses and resumes reads, says when publishes must be held, holds the
 * timers that fire meanwhile and starts everything again once the links drained and the subscribers caught up.
 *
 * <p>Loop-confined, apart from what publishers ask on their own threads: {@link #publishesHeld()},
 * {@link #linkCongested()}, {@link #subscribersBehind()} and {@link #congestionThreshold()}.
 * {@code if (flow.mayFire(timer, delay)) protocol.onTimer(timer);}
 */
final class FlowControl {

    private final Deliveries deliveries;

    private final PublishQueue publishes;

    /** Where deferred timers go once reading resumes: the driver's {@code schedule}. */
    private final BiConsumer<Timer, Long> reschedule;

    /** Null only until {@link #attach(NettyTransport)}, which the driver calls before anything reaches this class. */
    private volatile @Nullable NettyTransport transport;

    /** Tells the protocol, through the driver, that reads paused ({@code true}) or resumed. */
    private final Consumer<Boolean> readsPausedSink;

    /** Whether a node down the tree paused this node's publishes; set on the loop, read by publishers too. */
    private volatile boolean treeHeld;

    /** Whether links stopped being read because subscribers fell behind ({@link Deliveries#checkBackedUp()}). */
    private boolean readsPaused;

    /** Dissemination timers that fired while reads were paused; bounded by the timers the protocol had set. */
    private final List<DeferredTimer> deferred = new ArrayList<>();

    private record DeferredTimer(Timer timer, long delayMillis) {
    }

    FlowControl(Deliveries deliveries, PublishQueue publishes, BiConsumer<Timer, Long> reschedule,
            Consumer<Boolean> readsPausedSink) {
        this.deliveries = deliveries;
        this.publishes = publishes;
        this.reschedule = reschedule;
        this.readsPausedSink = readsPausedSink;
    }

    /** Starts over with a node's new transport: reads run, nothing deferred. */
    void attach(NettyTransport transport) {
        this.transport = transport;
        this.readsPaused = false;
        this.treeHeld = false;
        deferred.clear();
        deliveries.onCaughtUp(() -> {
            try {
                transport.loop().execute(this::caughtUp);
            }
            catch (RejectedExecutionException ex) {
                // the node is stopping
            }
        });
    }

    /**
     * Whether publishes must wait: a link is congested, a node down the tree paused this one, or the node's
     * subscribers are behind. Any thread.
     */
    boolean publishesHeld() {
        return linkCongested() || treeHeld || subscribersBehind();
    }

    /** Whether a node down this node's broadcast tree paused its publishes (a PAUSE naming it). Any thread. */
    boolean treeCongested() {
        return treeHeld;
    }

    /** On the loop: the protocol holds this node's publishes for a node down its tree, or lets them go on. */
    void treeHeld(boolean held) {
        treeHeld = held;
        if (!held) {
            publishes.resume();
        }
    }

    /** Whether a neighbor link has more than the high-water mark waiting to be sent. Any thread. */
    boolean linkCongested() {
        NettyTransport current = transport;
        return current != null && current.congested();
    }

    /** Bytes waiting on one link above which it counts as congested. */
    int congestionThreshold() {
        return Objects.requireNonNull(transport).congestionThreshold();
    }

    /** Whether half of the deliveries' bound waits for the subscribers. Any thread. */
    boolean subscribersBehind() {
        return deliveries.isBackedUp();
    }

    /**
     * A timer fired: whether it may run now. While reads are paused a dissemination timer waits and starts again
     * with its full delay once reading resumes.
     */
    boolean mayFire(Timer timer, long delayMillis) {
        if (readsPaused && timer.kind() == Timer.Kind.DISSEMINATION) {
            deferred.add(new DeferredTimer(timer, delayMillis));
            return false;
        }
        return true;
    }

    /** At the end of a batch, after the deliveries were handed over: stops reading if subscribers fell behind. */
    void afterBatch() {
        if (!readsPaused && deliveries.checkBackedUp()) {
            readsPaused = true;
            Objects.requireNonNull(transport).pauseReading();
            readsPausedSink.accept(true);
        }
    }

    /** No link is congested any more: publishes go on (unless the subscribers still hold them). */
    void congestionCleared() {
        publishes.resume();
    }

    /** On the loop, once subscribers caught up with a backlog: read the links, take publishes, restart timers. */
    private void caughtUp() {
        deliveries.flush(); // what waited on the loop goes first
        if (readsPaused && !deliveries.checkBackedUp()) {
            readsPaused = false;
            Objects.requireNonNull(transport).resumeReading();
            readsPausedSink.accept(false);
            publishes.resume();
            List<DeferredTimer> timers = List.copyOf(deferred);
            deferred.clear();
            timers.forEach(t -> reschedule.accept(t.timer(), t.delayMillis()));
        }
    }
}
