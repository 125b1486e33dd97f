package dev.peermesh.dissemination;

import dev.peermesh.MeshMessage;
import dev.peermesh.MessageId;
import dev.peermesh.Propagation;
import dev.peermesh.PropagationFilter;
import dev.peermesh.wire.Frame;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * WCF's flooding: every new message is delivered here and sent to every neighbour but the one it came from; a copy
 * seen before goes no further. The hop limit and the propagation filter decide, per message, how far it goes.
 *
 * <p>{@code DisseminationFactory flooding = sink -> new Flooding(cache, PropagationFilter.ALL, sink);}
 */
public final class Flooding implements Dissemination {

    private final DuplicateCache seen;

    private final PropagationFilter filter;

    private final DisseminationSink sink;

    private final Set<Long> links = new LinkedHashSet<>();

    private long published;
    private long delivered;
    private long forwarded;
    private long duplicates;
    private long hopLimited;
    private long filtered;
    private long unrouted;
    private long lost;

    private final long repairTicks;

    /** Flooding that reports as lost any gap still open after {@link #DEFAULT_REPAIR_TICKS} ticks. */
    public Flooding(DuplicateCache seen, PropagationFilter filter, DisseminationSink sink) {
        this(seen, filter, sink, DEFAULT_REPAIR_TICKS);
    }

    /**
     * Flooding.
     *
     * @param repairTicks maintenance ticks a gap in an origin's sequence may stay open before it is reported lost
     */
    public Flooding(DuplicateCache seen, PropagationFilter filter, DisseminationSink sink, long repairTicks) {
        this.seen = seen;
        this.filter = filter;
        this.sink = sink;
        this.repairTicks = repairTicks;
    }

    /** Ticks a gap may stay open by default. */
    public static final long DEFAULT_REPAIR_TICKS = 5;

    @Override
    public void neighbourUp(long link) {
        links.add(link);
    }

    @Override
    public void neighbourDown(long link) {
        links.remove(link);
    }

    @Override
    public void publish(Frame.Data message) {
        seen.firstSighting(message.origin(), message.sequence());
        published++;
        MeshMessage view = view(message, 0);
        Propagation propagation = decide(view, PropagationFilter.Origin.LOCAL);
        if (propagation.local()) {
            deliver(view);
        }
        if (propagation.remote()) {
            if (links.isEmpty()) {
                unrouted++;
            }
            sendToAllBut(0, message);
        }
    }

    @Override
    public void receive(long link, Frame.Data message) {
        if (!seen.firstSighting(message.origin(), message.sequence())) {
            duplicates++;
            return;
        }
        MeshMessage view = view(message, message.hops());
        Propagation propagation = decide(view, PropagationFilter.Origin.REMOTE);
        if (propagation.local()) {
            deliver(view);
        }
        if (!propagation.remote()) {
            return;
        }
        if (message.hopLimit() != 0 && message.hops() >= message.hopLimit()) {
            hopLimited++;
            return;
        }
        sendToAllBut(link, message.forwarded());
    }

    @Override
    public void receiveControl(long link, Frame frame) {
        // flooding needs no control frames; a tree-mode neighbour's are harmless and ignored
    }

    @Override
    public void tick() {
        seen.tick();
        seen.expireGaps(repairTicks, (origin, sequence) -> {
            lost++;
            sink.lost(new MessageId(origin, sequence), "it never arrived, and flooding has no repair");
        });
    }

    @Override
    public void onTimer(long token) {
        // flooding asks for no timers
    }

    @Override
    public DisseminationCounters counters() {
        return new DisseminationCounters(published, delivered, forwarded, duplicates, hopLimited, filtered, unrouted,
                seen.origins(), seen.windowSkips(), 0, 0, 0, lost);
    }

    private Propagation decide(MeshMessage message, PropagationFilter.Origin origin) {
        Propagation propagation = filter == PropagationFilter.ALL ? Propagation.LOCAL_AND_REMOTE
                : filter.decide(message, origin);
        if (propagation == null) {
            propagation = Propagation.NONE;
        }
        if (propagation != Propagation.LOCAL_AND_REMOTE) {
            filtered++;
        }
        return propagation;
    }

    private void deliver(MeshMessage message) {
        delivered++;
        sink.deliver(message);
    }

    private void sendToAllBut(long except, Frame.Data message) {
        for (long link : links) {
            if (link != except) {
                forwarded++;
                sink.send(link, message);
            }
        }
    }

    private static MeshMessage view(Frame.Data message, int hops) {
        return new MeshMessage(new MessageId(message.origin(), message.sequence()), message.topic(), message.headers(),
                message.payload(), hops, message.hopLimit());
    }
}
