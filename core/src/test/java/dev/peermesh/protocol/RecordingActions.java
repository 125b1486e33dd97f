package dev.peermesh.protocol;

import dev.peermesh.MeshMessage;
import dev.peermesh.PeerAddress;
import dev.peermesh.Rejection;
import dev.peermesh.wire.Frame;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link Actions} that write down everything a protocol asks for — frames per link, closes, dials, timers, resolver
 * requests, deliveries and events — and then pass each call on to an optional next {@code Actions} (the
 * {@link InMemoryMesh} wiring). Tests read the lists; nothing here runs a thread or a clock.
 *
 * <p>{@code RecordingActions actions = new RecordingActions(); ... assertThat(actions.sentOn(1)).hasSize(1);}
 */
final class RecordingActions implements Actions {

    /** A timer the protocol asked for. */
    record Scheduled(Timer timer, long delayMillis) {
    }

    /** A frame the protocol sent, with its link. */
    record Sent(long link, Frame frame) {
    }

    private final Actions next;

    final List<Sent> sent = new ArrayList<>();
    final List<Long> closed = new ArrayList<>();
    final List<PeerAddress> dials = new ArrayList<>();
    final List<Scheduled> scheduled = new ArrayList<>();
    final List<Integer> resolves = new ArrayList<>();
    final List<MeshMessage> deliveries = new ArrayList<>();
    final List<MeshEvent> events = new ArrayList<>();
    final List<Rejection> rejections = new ArrayList<>();
    /** Each smallest neighbor limit the protocol reported, oldest first; {@code null} for "no neighbor". */
    final List<NeighborLimit> smallestNeighborLimits = new ArrayList<>();

    RecordingActions() {
        this(null);
    }

    RecordingActions(Actions next) {
        this.next = next;
    }

    @Override
    public void send(long link, Frame frame) {
        sent.add(new Sent(link, frame));
        if (next != null) {
            next.send(link, frame);
        }
    }

    @Override
    public void deliver(MeshMessage message) {
        deliveries.add(message);
        if (next != null) {
            next.deliver(message);
        }
    }

    @Override
    public void close(long link) {
        closed.add(link);
        if (next != null) {
            next.close(link);
        }
    }

    @Override
    public void dial(PeerAddress address) {
        dials.add(address);
        if (next != null) {
            next.dial(address);
        }
    }

    /** The next driver's clock, or a clock that stands still at 0 for a protocol driven by hand. */
    @Override
    public long now() {
        return next != null ? next.now() : 0;
    }

    @Override
    public void schedule(Timer timer, long delayMillis) {
        scheduled.add(new Scheduled(timer, delayMillis));
        if (next != null) {
            next.schedule(timer, delayMillis);
        }
    }

    @Override
    public void resolve(int maxAddresses) {
        resolves.add(maxAddresses);
        if (next != null) {
            next.resolve(maxAddresses);
        }
    }

    @Override
    public void rejected(long link, Rejection reason, String detail) {
        rejections.add(reason);
        if (next != null) {
            next.rejected(link, reason, detail);
        }
    }

    @Override
    public void smallestNeighborLimit(NeighborLimit smallest) {
        smallestNeighborLimits.add(smallest);
        if (next != null) {
            next.smallestNeighborLimit(smallest);
        }
    }

    @Override
    public void event(MeshEvent event) {
        events.add(event);
        if (next != null) {
            next.event(event);
        }
    }

    // ---- reading what was recorded ----------------------------------------------------------------------------

    /** Frames sent on {@code link}, oldest first. */
    List<Frame> sentOn(long link) {
        List<Frame> out = new ArrayList<>();
        for (Sent s : sent) {
            if (s.link() == link) {
                out.add(s.frame());
            }
        }
        return out;
    }

    /** Frames of one type sent on any link, oldest first. */
    <F extends Frame> List<F> sentOfType(Class<F> type) {
        List<F> out = new ArrayList<>();
        for (Sent s : sent) {
            if (type.isInstance(s.frame())) {
                out.add(type.cast(s.frame()));
            }
        }
        return out;
    }

    /** The last frame sent on {@code link}. */
    Frame lastSentOn(long link) {
        List<Frame> frames = sentOn(link);
        if (frames.isEmpty()) {
            throw new AssertionError("Nothing was sent on link " + link + "; sent: " + sent);
        }
        return frames.get(frames.size() - 1);
    }

    /** Events of one type, oldest first. */
    <E extends MeshEvent> List<E> eventsOfType(Class<E> type) {
        List<E> out = new ArrayList<>();
        for (MeshEvent event : events) {
            if (type.isInstance(event)) {
                out.add(type.cast(event));
            }
        }
        return out;
    }

    /** Handshake timeouts scheduled for {@code link}. */
    List<Timer> handshakeTimeoutsFor(long link) {
        List<Timer> out = new ArrayList<>();
        for (Scheduled s : scheduled) {
            if (s.timer().kind() == Timer.Kind.HANDSHAKE_TIMEOUT && s.timer().link() == link) {
                out.add(s.timer());
            }
        }
        return out;
    }

    /** Forgets everything recorded so far, so a test can look at what happens next. */
    void clear() {
        sent.clear();
        closed.clear();
        dials.clear();
        scheduled.clear();
        resolves.clear();
        deliveries.clear();
        events.clear();
        rejections.clear();
    }
}
