package dev.peermesh.node;

import dev.peermesh.wire.Frame;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * What a sealing {@link PublishQueue} took to seal at once, and hands to the protocol a seal's worth a turn: one run
 * of up to {@link Frame#MAX_SEALED}, or with a backlog a group of up to {@link Frame#MAX_SEAL_GROUP} such runs under
 * one signature. Filled only once the last group is all handed over. On the node's loop only.
 *
 * <p>{@code while (runs.hasRoom(most)) runs.add(next); sealer.seal(runs.first(), runs.digests(digest));
 * runs.handOver(target);}
 *
 * @param <P> a publish
 */
final class SealedRuns<P> {

    private final Object[] taken = new Object[Frame.MAX_SEALED * Frame.MAX_SEAL_GROUP];

    private final ToLongFunction<P> sequence;

    private int count;

    private int handedOver;

    /** Runs of publishes numbered by {@code sequence}. */
    SealedRuns(ToLongFunction<P> sequence) {
        this.sequence = sequence;
    }

    /** Most publishes sealed at once: a full group. */
    int capacity() {
        return taken.length;
    }

    /** Whether publishes sealed earlier wait to be handed over. */
    boolean waiting() {
        return count > handedOver;
    }

    /** Whether fewer than {@code most} are taken (and nothing sealed earlier waits). */
    boolean hasRoom(int most) {
        return handedOver == 0 && count < Math.min(most, taken.length);
    }

    /** Takes one more publish to seal, the next in sequence. */
    void add(P publish) {
        taken[count++] = publish;
    }

    /** How many are taken to seal. */
    int size() {
        return count;
    }

    /** The first and last sequence numbers taken. */
    long first() {
        return sequence.applyAsLong(publish(0));
    }

    long last() {
        return sequence.applyAsLong(publish(count - 1));
    }

    /** The digests of what was taken, a run of at most {@link Frame#MAX_SEALED} each, in order. */
    byte[][] digests(Function<P, byte[]> digest) {
        byte[][] runs = new byte[(count + Frame.MAX_SEALED - 1) / Frame.MAX_SEALED][];
        for (int r = 0; r < runs.length; r++) {
            int from = r * Frame.MAX_SEALED;
            int length = Math.min(count - from, Frame.MAX_SEALED);
            runs[r] = new byte[length * Frame.DIGEST_LENGTH];
            for (int i = 0; i < length; i++) {
                System.arraycopy(digest.apply(publish(from + i)), 0, runs[r], i * Frame.DIGEST_LENGTH,
                        Frame.DIGEST_LENGTH);
            }
        }
        return runs;
    }

    /** Hands the next seal's worth to {@code target}, in order; starts empty again after the last. */
    int handOver(Consumer<P> target) {
        int from = handedOver;
        int to = Math.min(count, from + Frame.MAX_SEALED);
        for (int i = from; i < to; i++) {
            P publish = publish(i);
            taken[i] = null;
            target.accept(publish);
        }
        handedOver = to;
        if (to == count) {
            count = 0;
            handedOver = 0;
        }
        return to - from;
    }

    /** Forgets everything taken (the node restarts). */
    void clear() {
        Arrays.fill(taken, null);
        count = 0;
        handedOver = 0;
    }

    @SuppressWarnings("unchecked")
    private P publish(int index) {
        return (P) taken[index];
    }
}
