package dev.peermesh.sim;

import dev.peermesh.wire.Frame;
import dev.peermesh.wire.FrameType;

import java.util.EnumMap;
import java.util.Map;

/**
 * Frames the nodes sent, by type: payload frames ({@link Frame.Data}) and control frames of every other type. A
 * {@link #snapshot()} and {@link #since} give the traffic of one phase of a run.
 *
 * <p>{@code Traffic.Counts before = traffic.snapshot(); ... long pings = traffic.since(before).of(FrameType.PING);}
 */
final class Traffic {

    private static final FrameType[] TYPES = FrameType.values();

    private final long[] sent = new long[TYPES.length];

    void sent(Frame frame) {
        sent[frame.type().ordinal()]++;
    }

    /** What was sent so far. */
    Counts snapshot() {
        return new Counts(sent.clone());
    }

    /** What was sent since {@code before}. */
    Counts since(Counts before) {
        long[] delta = sent.clone();
        for (int i = 0; i < delta.length; i++) {
            delta[i] -= before.sent[i];
        }
        return new Counts(delta);
    }

    /** Frame counts by type at one moment, or over one phase. */
    static final class Counts {

        private final long[] sent;

        private Counts(long[] sent) {
            this.sent = sent;
        }

        long of(FrameType type) {
            return sent[type.ordinal()];
        }

        /** Payload frames: DATA. */
        long payload() {
            return of(FrameType.DATA);
        }

        /** Every frame that is not DATA. */
        long control() {
            long total = 0;
            for (FrameType type : TYPES) {
                if (type != FrameType.DATA) {
                    total += of(type);
                }
            }
            return total;
        }

        /** Control frame counts by type, zero counts left out. */
        Map<FrameType, Long> controlByType() {
            Map<FrameType, Long> out = new EnumMap<>(FrameType.class);
            for (FrameType type : TYPES) {
                if (type != FrameType.DATA && of(type) != 0) {
                    out.put(type, of(type));
                }
            }
            return out;
        }
    }
}
