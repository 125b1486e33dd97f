package dev.peermesh.sim;

import dev.peermesh.MeshSettings;
import dev.peermesh.TreeSettings;
import dev.peermesh.dissemination.DisseminationFactory;
import dev.peermesh.wire.Frame;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What a {@link Simulation} runs: the seed, every node's settings and dissemination strategy, and the network model
 * (latency, frame loss, contact service, and optionally the cost of carrying frames: link bandwidth, a node's service
 * time per frame, the high-water mark past which a link counts as congested). Immutable; made by {@link #builder()}.
 * By default frames cost nothing (infinite bandwidth, no service time): the zero-cost model of the paper experiments.
 *
 * <p>{@code SimConfig config = SimConfig.builder().seed(7).neighbors(4, 5, 5).mode(Mode.FLOOD).build();}
 */
final class SimConfig {

    /** The mesh every simulated node belongs to. */
    static final String MESH_ID = "sim";

    final long seed;
    final MeshSettings settings;
    final DisseminationFactory dissemination;
    final int minLatencyMillis;
    final int maxLatencyMillis;
    final double lossProbability;
    final Predicate<Frame> lossy;
    final ContactService contacts;
    /** Bytes a link direction carries per millisecond; {@link Double#POSITIVE_INFINITY} when frames cost nothing. */
    final double bandwidthBytesPerMilli;
    /** Milliseconds a node is busy with each frame it reads; 0 when frames cost nothing. */
    final double serviceMillis;
    /** Bytes queued on a link direction past which the sending node is told it is congested. */
    final int highWaterBytes;

    private SimConfig(Builder b) {
        this.seed = b.seed;
        if (b.mode == Mode.TREE_NEW_FLOOD) {
            b.settings.newOrigins(TreeSettings.NewOrigins.FLOOD);
        }
        this.settings = b.settings.build();
        this.dissemination = b.dissemination != null ? b.dissemination : b.mode.factory(settings);
        this.minLatencyMillis = b.minLatency;
        this.maxLatencyMillis = b.maxLatency;
        this.lossProbability = b.lossProbability;
        this.lossy = b.lossy;
        this.contacts = b.contacts;
        this.bandwidthBytesPerMilli = b.bandwidth;
        this.serviceMillis = b.serviceMillis;
        this.highWaterBytes = b.highWater > 0 ? b.highWater : settings.limits().linkHighWaterBytes();
    }

    /** Whether links have a finite bandwidth: frames then queue on their link and take time to send. */
    boolean limitsBandwidth() {
        return bandwidthBytesPerMilli != Double.POSITIVE_INFINITY;
    }

    /** Whether nodes spend time on each frame they read: frames then wait while their node is busy. */
    boolean chargesService() {
        return serviceMillis > 0;
    }

    /** Starts a configuration with the defaults: seed 1, flooding, WCF's 2/3/7 neighbors, 1–10 ms latency. */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Settings builder of the simulated mesh, for tests that set more than the neighbor bounds. The mesh has no
     * password: the real handshake runs with an open mesh's HMAC proofs. A password mesh's SPAKE2 costs about 0.3 ms
     * of real CPU per side, for thousands of simulated handshakes that need no secrecy; they end the same way, so the
     * mesh a run builds does not depend on it (the handshake tests check the password exchange).
     */
    static MeshSettings.Builder settings() {
        return MeshSettings.builder(MESH_ID);
    }

    /** Builds a {@link SimConfig}; every value is checked at {@link #build()}. */
    static final class Builder {

        private long seed = 1;
        private MeshSettings.Builder settings = SimConfig.settings();
        private Mode mode = Mode.FLOOD;
        private DisseminationFactory dissemination;
        private int minLatency = 1;
        private int maxLatency = 10;
        private double lossProbability;
        private Predicate<Frame> lossy = frame -> false;
        private ContactService contacts = ContactService.randomLive(false);
        private double bandwidth = Double.POSITIVE_INFINITY;
        private double serviceMillis;
        private int highWater;

        /** The one seed every random choice of the run derives from. */
        Builder seed(long seed) { this.seed = seed; return this; }

        /** Every node's settings; the mesh id must be {@link #MESH_ID}'s and without a password. */
        Builder settings(MeshSettings.Builder settings) { this.settings = settings; return this; }

        /** Shorthand for the neighbor bounds of {@link #settings()}. */
        Builder neighbors(int min, int ideal, int max) { settings.neighbors(min, ideal, max); return this; }

        /** Shorthand for the maintenance interval of {@link #settings()}. */
        Builder maintenanceInterval(Duration interval) { settings.maintenanceInterval(interval); return this; }

        /**
         * How long each node keeps a message to answer pulls (GRAFTs): the settings' {@code messageCacheMaxAge}, 60 s
         * in production, with their count and byte bounds. Sized to the experiment it keeps 10,000 nodes' copies of
         * the last seconds' messages instead of the last minute's.
         */
        Builder messageCacheMaxAge(Duration maxAge) {
            MeshSettings defaults = SimConfig.settings().build();
            settings.messageCache(defaults.messageCache().count(), defaults.messageCache().bytes(), maxAge);
            return this;
        }

        /** The dissemination strategy by mode name. */
        Builder mode(Mode mode) { this.mode = Objects.requireNonNull(mode, "mode"); return this; }

        /** A dissemination strategy not (yet) in {@link Mode}; wins over {@link #mode}. */
        Builder dissemination(DisseminationFactory factory) { this.dissemination = factory; return this; }

        /** One-way latency of every dial, frame, close and resolver answer: uniform in [min, max] ms. */
        Builder latency(int minMillis, int maxMillis) {
            this.minLatency = minMillis;
            this.maxLatency = maxMillis;
            return this;
        }

        /**
         * Drops frames that {@code lossy} picks with this probability. Off by default: links are TCP, which loses
         * no frame; loss is modelled as link failure (a crash). Use it for frames of a strategy meant to tolerate
         * loss, or to stress a repair mechanism.
         */
        Builder loss(double probability, Predicate<Frame> lossy) {
            this.lossProbability = probability;
            this.lossy = Objects.requireNonNull(lossy, "lossy");
            return this;
        }

        /** Who answers a node's resolver request; by default random live nodes other than the caller. */
        Builder contacts(ContactService contacts) {
            this.contacts = Objects.requireNonNull(contacts, "contacts");
            return this;
        }

        /**
         * Bytes each link direction carries per millisecond (1,250 is 10 Mbit/s): a frame waits for the frames
         * queued before it on its link direction, then takes {@code bytes / bandwidth} to send, then the latency.
         * {@link Double#POSITIVE_INFINITY}, the default, sends at once.
         */
        Builder bandwidth(double bytesPerMilli) { this.bandwidth = bytesPerMilli; return this; }

        /**
         * Milliseconds a node spends on each frame it reads (0.05 is 50 µs): it reads one frame at a time, and a
         * frame that arrives while it is busy waits its turn. 0, the default, costs nothing.
         */
        Builder serviceTime(double millisPerFrame) { this.serviceMillis = millisPerFrame; return this; }

        /**
         * Bytes queued on a link direction past which the sender's protocol is told the link is congested
         * ({@code Actions.congested}); by default the settings' {@code linkHighWaterBytes}, as in production.
         */
        Builder highWater(int bytes) { this.highWater = bytes; return this; }

        SimConfig build() {
            if (!(bandwidth > 0)) {
                throw new IllegalArgumentException("Bandwidth must be more than 0 bytes/ms, not " + bandwidth
                        + "; leave it unset (infinite) for frames that cost nothing");
            }
            if (!(serviceMillis >= 0) || Double.isInfinite(serviceMillis)) {
                throw new IllegalArgumentException("Service time must be a finite number of ms >= 0, not "
                        + serviceMillis);
            }
            if (highWater < 0) {
                throw new IllegalArgumentException("High-water mark must be >= 0 bytes (0: the settings' "
                        + "linkHighWaterBytes), not " + highWater);
            }
            if (minLatency < 1 || maxLatency < minLatency) {
                throw new IllegalArgumentException("Latency must satisfy 1 <= min <= max ms, not " + minLatency + "–"
                        + maxLatency + "; a zero latency would let a frame arrive before its sender returns");
            }
            if (lossProbability < 0 || lossProbability >= 1) {
                throw new IllegalArgumentException("Loss probability " + lossProbability + " is outside [0, 1)");
            }
            return new SimConfig(this);
        }
    }
}
