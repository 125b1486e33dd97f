package dev.peermesh.sim;

import dev.peermesh.MeshSettings;
import dev.peermesh.dissemination.DisseminationFactory;
import dev.peermesh.wire.Frame;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What a {@link Simulation} runs: the seed, every node's settings and dissemination strategy, and the network model
 * (latency, frame loss, contact service). Immutable; made by {@link #builder()}.
 *
 * <p>{@code SimConfig config = SimConfig.builder().seed(7).neighbours(4, 5, 5).mode(Mode.FLOOD).build();}
 */
final class SimConfig {

    /** The mesh every simulated node belongs to. */
    static final String MESH_ID = "sim";

    /** The mesh password: the real handshake runs, with one key derived for the whole run. */
    static final String PASSWORD = "sim-Pass-1";

    final long seed;
    final MeshSettings settings;
    final DisseminationFactory dissemination;
    final int minLatencyMillis;
    final int maxLatencyMillis;
    final double lossProbability;
    final Predicate<Frame> lossy;
    final ContactService contacts;

    private SimConfig(Builder b) {
        this.seed = b.seed;
        this.settings = b.settings.build();
        this.dissemination = b.dissemination != null ? b.dissemination : b.mode.factory(settings);
        this.minLatencyMillis = b.minLatency;
        this.maxLatencyMillis = b.maxLatency;
        this.lossProbability = b.lossProbability;
        this.lossy = b.lossy;
        this.contacts = b.contacts;
    }

    /** Starts a configuration with the defaults: seed 1, flooding, WCF's 2/3/7 neighbours, 1–10 ms latency. */
    static Builder builder() {
        return new Builder();
    }

    /** Settings builder of the simulated mesh, for tests that set more than the neighbour bounds. */
    static MeshSettings.Builder settings() {
        return MeshSettings.builder(MESH_ID).password(PASSWORD);
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

        /** The one seed every random choice of the run derives from. */
        Builder seed(long seed) { this.seed = seed; return this; }

        /** Every node's settings; the mesh id must be {@link #MESH_ID}'s and the password {@link #PASSWORD}. */
        Builder settings(MeshSettings.Builder settings) { this.settings = settings; return this; }

        /** Shorthand for the neighbour bounds of {@link #settings()}. */
        Builder neighbours(int min, int ideal, int max) { settings.neighbours(min, ideal, max); return this; }

        /** Shorthand for the maintenance interval of {@link #settings()}. */
        Builder maintenanceInterval(Duration interval) { settings.maintenanceInterval(interval); return this; }

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
        Builder contacts(ContactService contacts) { this.contacts = Objects.requireNonNull(contacts, "contacts"); return this; }

        SimConfig build() {
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
