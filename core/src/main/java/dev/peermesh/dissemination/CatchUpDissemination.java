package dev.peermesh.dissemination;

import dev.peermesh.NodeState;
import dev.peermesh.wire.Frame;

import org.jspecify.annotations.Nullable;

/**
 * A strategy that answers neighbors catching up from its retention ring ({@link Replays}) and, when this node catches
 * up itself, asks its first neighbors and delivers what they replay ({@link CatchUp}). The strategy is unchanged and
 * does not know. A strategy that keeps no ring of its own (flooding) gets one filled here, with every new message it
 * took.
 *
 * <p>{@code new CatchUpDissemination(strategy, seen, ring, true, replays, catchUp)}
 */
final class CatchUpDissemination extends ForwardingDissemination {

    /** The timer tokens of the replay rounds and the catch-up's timeout: none of the strategies' own. */
    static final long REPLAY_TIMER = Long.MIN_VALUE + 0x0CA7;
    static final long CATCH_UP_TIMER = Long.MIN_VALUE + 0x0CA8;

    private final DuplicateCache seen;
    private final MessageCache ring;
    private final boolean fillsRing;
    private final Replays replays;
    private final @Nullable CatchUp catchUp;
    /** Replays that came though this node does not catch up. */
    private long unasked;

    /**
     * @param seen the strategy's duplicate cache
     * @param ring the strategy's retention ring, or one this fills ({@code fillsRing})
     * @param catchUp this node's own catch-up, or {@code null} when it does not catch up
     */
    CatchUpDissemination(Dissemination strategy, DuplicateCache seen, MessageCache ring, boolean fillsRing,
            Replays replays, @Nullable CatchUp catchUp) {
        super(strategy);
        this.seen = seen;
        this.ring = ring;
        this.fillsRing = fillsRing;
        this.replays = replays;
        this.catchUp = catchUp;
    }

    @Override
    public void neighborUp(long link) {
        strategy.neighborUp(link);
        if (catchUp != null) {
            catchUp.linkUp(link);
        }
    }

    @Override
    public void neighborDown(long link) {
        strategy.neighborDown(link);
        replays.linkDown(link);
        if (catchUp != null) {
            catchUp.linkDown(link);
        }
    }

    @Override
    public void publish(Frame.Data message) {
        strategy.publish(message);
        if (fillsRing) {
            ring.put(message);
        }
    }

    @Override
    public void receive(long link, Frame.Data message) {
        if (!fillsRing) {
            strategy.receive(link, message);
            return;
        }
        boolean fresh = !seen.contains(message.origin(), message.sequence());
        strategy.receive(link, message);
        if (fresh && seen.contains(message.origin(), message.sequence())) {
            ring.put(message); // new, and authentic: the strategy marked it seen
        }
    }

    @Override
    public void receiveControl(long link, Frame frame) {
        if (frame instanceof Frame.Replay replay) {
            if (catchUp != null) {
                catchUp.replayed(link, replay.message());
            }
            else {
                unasked++; // this node does not catch up: nobody asked
            }
        }
        else if (frame instanceof Frame.CatchUp request) {
            replays.asked(link, request);
        }
        else if (frame instanceof Frame.CaughtUp) {
            if (catchUp != null) {
                catchUp.caughtUp(link);
            }
        }
        else {
            strategy.receiveControl(link, frame);
        }
    }

    @Override
    public void tick() {
        strategy.tick();
        if (fillsRing) {
            ring.tick();
        }
    }

    @Override
    public void onTimer(long token) {
        if (token == REPLAY_TIMER) {
            replays.onTimer();
        }
        else if (token == CATCH_UP_TIMER) {
            if (catchUp != null) {
                catchUp.onTimer();
            }
        }
        else {
            strategy.onTimer(token);
        }
    }

    @Override
    public DisseminationCounters counters() {
        DisseminationCounters counters = strategy.counters();
        if (catchUp == null) {
            return counters.caughtUp(new NodeState.CatchUp(0, 0, 0, 0, unasked, 0, replays.served()), 0);
        }
        return counters.caughtUp(catchUp.counters(replays.served()), catchUp.delivered());
    }
}
