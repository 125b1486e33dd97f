package dev.peermesh.security;

import dev.peermesh.wire.Frame;

import org.jspecify.annotations.Nullable;

/**
 * Checks that messages come from their origin, for the protocol: it learns origins' keys from ORIGIN_KEY frames,
 * verifies each new message before it is delivered or forwarded, and gives the keys to pass on to neighbors.
 * Pure computation, no I/O: the simulator runs the protocol with {@link #NONE}.
 *
 * <p>{@code new MeshProtocol(settings, id, address, key, random, actions, dissemination, verifier)}
 */
public interface OriginVerifier {

    /** Verifies nothing, learns nothing: for unsigned meshes and the simulator. */
    OriginVerifier NONE = new OriginVerifier() {
        @Override
        public Verdict learn(Frame.OriginKey key) {
            return Verdict.ACCEPTED;
        }

        @Override
        public Verdict verify(Frame.Data message) {
            return Verdict.ACCEPTED;
        }

        @Override
        public Frame.@Nullable OriginKey credential(long origin) {
            return null;
        }
    };

    /** An origin key arrived from a neighbor. */
    Verdict learn(Frame.OriginKey key);

    /** A message arrived that this node has not seen before. */
    Verdict verify(Frame.Data message);

    /** The key to send a neighbor before the first signed message of {@code origin}, or {@code null}. */
    Frame.@Nullable OriginKey credential(long origin);

    /**
     * A seal arrived from a neighbor: checked once against its origin's key (on every node, whether or not it
     * verifies messages), then kept to check the messages it covers by their digests and to pass on.
     */
    default Verdict learn(Frame.Seal seal) {
        return Verdict.ACCEPTED;
    }

    /** This node sealed a run of its own messages: keep the seal, to send before them. */
    default void sealed(Frame.Seal own) {
    }

    /** The seal to send a neighbor before message {@code sequence} of {@code origin}, or {@code null}. */
    default Frame.@Nullable Seal seal(long origin, long sequence) {
        return null;
    }

    /**
     * The first message of the seal {@link #seal} would give, or 0 when there is none: whether a link needs the seal
     * is known from it without building the seal.
     */
    default long sealFirst(long origin, long sequence) {
        Frame.Seal seal = seal(origin, sequence);
        return seal == null ? 0 : seal.first();
    }

    /**
     * What to do with a message or key.
     *
     * @param outcome the decision
     * @param detail why, for logs and the DISCONNECT that closes the link; empty when accepted
     */
    record Verdict(Outcome outcome, String detail) {

        /** Use it. */
        public static final Verdict ACCEPTED = new Verdict(Outcome.ACCEPTED, "");

        /** Drop it and close the link it came on. */
        public static Verdict forged(String detail) {
            return new Verdict(Outcome.FORGED, detail);
        }

        /** Drop it, keeping the link. */
        public static Verdict unknownOrigin(String detail) {
            return new Verdict(Outcome.UNKNOWN_ORIGIN, detail);
        }

        public boolean accepted() {
            return outcome == Outcome.ACCEPTED;
        }
    }

    /** Decisions on a message or key. */
    enum Outcome {
        /** Authentic (or not checked): use it. */
        ACCEPTED,
        /**
         * A signed message whose origin's key this node does not know (its key cache forgot it, or the neighbor
         * broke the rule to send the key first): it cannot be checked, so it is dropped, but the neighbor may be
         * honest and keeps its link.
         */
        UNKNOWN_ORIGIN,
        /** Altered, signed by another key, unsigned where signatures are required, or untrusted. */
        FORGED
    }
}
