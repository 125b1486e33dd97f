package dev.peermesh.node;

import dev.peermesh.log.PeerText;
import dev.peermesh.resolver.PeerResolver;
import io.netty.channel.EventLoop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * A node alone says so: watches whether the running node has a neighbor ({@link Isolation}) and, once it has been
 * alone too long, logs a warning with what it knows — how often the resolver was asked and its last answer, the
 * peers it tried and why they failed.
 *
 * <p>Loop-confined, apart from {@link #since()} and {@link #stop()}.
 */
final class IsolationWatch {

    /** How often, at most, a node looks whether it has been alone too long. */
    private static final Duration CHECK = Duration.ofSeconds(1);

    private final String meshId;

    private final PeerResolver resolver;

    private final Logger log;

    private final PeersTried peersTried = new PeersTried();

    private volatile @Nullable Isolation isolation;

    private volatile @Nullable Future<?> check;

    /** Resolver requests made, and how the last one ended. */
    private long resolves;

    private String lastAnswer = "not asked yet";

    /** Watches a node of {@code meshId} that asks {@code resolver} for peers, warning on {@code log}. */
    IsolationWatch(String meshId, PeerResolver resolver, Logger log) {
        this.meshId = meshId;
        this.resolver = resolver;
        this.log = log;
    }

    /** The peers this node dialled, and how that went. */
    PeersTried peers() {
        return peersTried;
    }

    /** The resolver answered (or failed: {@code answer} says which). */
    void answered(String answer) {
        resolves++;
        lastAnswer = answer;
    }

    /** The node started, alone: warn when it stays so longer than {@code warnAfter}. */
    void watch(EventLoop loop, Duration warnAfter) {
        isolation = new Isolation(warnAfter, Clock.systemUTC());
        isolation.started();
        long period = Math.max(1, Math.min(warnAfter.toMillis(), CHECK.toMillis()));
        try {
            check = loop.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
        }
        catch (RejectedExecutionException ex) {
            // the node is shutting down
        }
    }

    /** The node has a neighbor again. */
    void online() {
        Isolation watched = isolation;
        if (watched != null) {
            watched.online();
        }
    }

    /** The node lost its last neighbor. */
    void offline() {
        Isolation watched = isolation;
        if (watched != null) {
            watched.alone();
        }
    }

    /** The node is stopping: it is neither alone nor worth a warning any more. Any thread. */
    void stop() {
        Future<?> scheduled = check;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        Isolation watched = isolation;
        if (watched != null) {
            watched.stopped();
        }
    }

    /** Since when the running node has had no neighbor, or {@code null}. Any thread. */
    @Nullable Instant since() {
        Isolation watched = isolation;
        return watched == null ? null : watched.since();
    }

    private void check() {
        Isolation watched = isolation;
        if (watched == null) {
            return; // not watching yet: watch() sets it before it schedules this check
        }
        Duration alone = watched.warningDue();
        if (alone == null) {
            return;
        }
        log.warn("Mesh '{}': this node has had no neighbor for {} s. Resolver {} was asked {} times, last"
                + " answer: {}. Peers tried: {}. Check that those peers run and are reachable from here, that"
                + " peermesh.mesh-id and peermesh.password are the same on every node, and the resolver settings"
                + " (peermesh.resolver.*); the first node of a mesh is alone until another joins.", meshId,
                String.format(Locale.ROOT, "%.1f", alone.toMillis() / 1000.0), PeerText.escape(resolver), resolves,
                PeerText.escape(lastAnswer, 1024), peersTried.describe());
    }
}
