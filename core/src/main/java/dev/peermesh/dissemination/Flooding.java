package dev.peermesh.dissemination;

import dev.peermesh.MessageId;
import dev.peermesh.PropagationFilter;
import dev.peermesh.wire.Frame;

/**
 * WCF's flooding: every new message is delivered here and sent to every neighbor but the one it came from; a copy
 * seen before goes no further. The hop limit and the propagation filter decide, per message, how far it goes.
 *
 * <p>{@code DisseminationFactory flooding = sink -> new Flooding(cache, PropagationFilter.ALL, sink);}
 */
public final class Flooding implements Dissemination {

    private final DuplicateCache seen;

    private final LocalGate local;

    private final DisseminationSink sink;

    /** The neighbor links, in the order they came: walked for every message relayed, without an iterator. */
    private final LinkSet links = new LinkSet();

    private long published;
    private long forwarded;
    private long duplicates;
    private long hopLimited;
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
        this.local = new LocalGate(filter, sink);
        this.sink = sink;
        this.repairTicks = repairTicks;
    }

    /** Ticks a gap may stay open by default. */
    public static final long DEFAULT_REPAIR_TICKS = 5;

    @Override
    public void neighborUp(long link) {
        links.add(link);
    }

    @Override
    public void neighborDown(long link) {
        links.remove(link);
    }

    @Override
    public void publish(Frame.Data message) {
        seen.firstSighting(message.origin(), message.sequence());
        published++;
        if (local.pass(message, 0, PropagationFilter.Origin.LOCAL)) {
            if (links.isEmpty()) {
                unrouted++;
            }
            sendToAllBut(0, message);
        }
    }

    @Override
    public void receive(long link, Frame.Data message) {
        if (seen.contains(message.origin(), message.sequence())) {
            duplicates++;
            return;
        }
        if (!sink.authentic(link, message)) {
            return; // not marked seen: a genuine copy may still come on another link
        }
        seen.firstSighting(message.origin(), message.sequence());
        if (!local.pass(message, message.hops(), PropagationFilter.Origin.REMOTE)) {
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
        // flooding needs no control frames; a tree-mode neighbor's are harmless and ignored
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
        return new DisseminationCounters(published, local.delivered(), forwarded, duplicates, hopLimited,
                local.filtered(), unrouted, seen.origins(), seen.windowSkips(), 0, 0, 0, lost, 0, 0, 0);
    }

    private void sendToAllBut(long except, Frame.Data message) {
        for (int i = 0; i < links.size(); i++) {
            long link = links.get(i);
            if (link != except && sink.fits(link, message)) {
                forwarded++;
                sink.send(link, message);
            }
        }
    }

}
