package dev.peermesh.dissemination;

import dev.peermesh.MeshMessage;
import dev.peermesh.MessageId;
import dev.peermesh.NodeId;
import dev.peermesh.NodeState;
import dev.peermesh.Propagation;
import dev.peermesh.PropagationFilter;
import dev.peermesh.wire.Frame;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Messages for one node ({@link MeshMessage#TARGET_HEADER}: sends, replies) sent straight to it when a link to it is
 * up ({@link DisseminationSink#linkTo}: its neighbor link or a direct link): the payload goes on that link only
 * (DIRECT), and the strategy spreads a marker in its place
 * — the same id and headers, {@link MeshMessage#DIRECT_HEADER}, no payload — so every other node passes the number by
 * as it does any message for another node, and no node sees a gap. The strategy is unchanged and does not know.
 *
 * <p>On the target the message is delivered as it comes straight, through the same sink as every message (so, with
 * {@code ordering=fifo}, in order with its origin's others), and the marker is swallowed. When the marker comes first,
 * the message is awaited; one that does not come within the repair window is reported lost. Signed messages, messages
 * with no payload (receipts) or with a hop limit, messages the propagation filter keeps here, and messages for a
 * congested link travel whole through the mesh; with no link up, a message for a node asks for a direct link to it
 * ({@link DisseminationSink#reach}) and goes whole this time.
 *
 * <p>Both memories are bounded ({@link #MAX_REMEMBERED} each, the oldest forgotten first) and age out.
 *
 * <p>Not thread-safe: called on the node's protocol thread.
 */
final class DirectRouting extends ForwardingDissemination {

    /** Ids remembered of each kind: messages delivered before their marker, markers waiting for their message. */
    static final int MAX_REMEMBERED = 10_000;

    private static final String NOT_ARRIVED = "it was sent to this node straight, on the link from its origin, and "
            + "did not arrive within the repair window (only its marker went through the mesh)";

    private final DuplicateCache seen;
    private final DisseminationSink sink;
    private final PropagationFilter filter;
    private final LocalGate gate;
    private final long repairTicks;
    private final long self;

    /** Messages delivered as they came straight, whose marker has not come yet: id to the tick they came. */
    private final Map<MessageId, Long> delivered = new LinkedHashMap<>();

    /** Markers for this node whose message has not come yet: id to the tick the marker came. */
    private final Map<MessageId, Long> awaited = new LinkedHashMap<>();

    private long tick;
    /** Markers for this node taken from the strategy's deliveries: it counted them delivered. */
    private long markers;
    private long sent;
    private long received;
    private long missed;

    /**
     * @param strategy the strategy, made with {@link #sinkFor} of {@code sink} as its sink
     * @param seen the strategy's duplicate cache
     * @param sink where this delivers and sends
     * @param repairTicks how long a marker waits for its message
     */
    DirectRouting(Dissemination strategy, DuplicateCache seen, DisseminationSink sink, PropagationFilter filter,
            long repairTicks) {
        super(strategy);
        this.seen = seen;
        this.sink = sink;
        this.filter = filter;
        this.gate = new LocalGate(filter, sink);
        this.repairTicks = repairTicks;
        this.self = sink.self();
    }

    /**
     * The sink a strategy wrapped by a {@code DirectRouting} delivers through: it hands markers for this node to
     * {@code routing} (set once the routing is made) and everything else on to {@code sink}.
     */
    static MarkerSink sinkFor(DisseminationSink sink) {
        return new MarkerSink(sink);
    }

    @Override
    public void publish(Frame.Data message) {
        long link = straightLink(message);
        if (link == 0) {
            strategy.publish(message);
            return;
        }
        sink.send(link, new Frame.Direct(message));
        sent++;
        Map<String, String> headers = new LinkedHashMap<>(message.headers());
        headers.put(MeshMessage.DIRECT_HEADER, "true");
        strategy.publish(new Frame.Data(message.origin(), message.sequence(), message.hops(), message.hopLimit(),
                message.topic(), headers, new byte[0], message.signature()));
    }

    @Override
    public void receiveControl(long link, Frame frame) {
        if (frame instanceof Frame.Direct direct) {
            arrived(link, direct.message());
        }
        else {
            strategy.receiveControl(link, frame);
        }
    }

    @Override
    public void tick() {
        strategy.tick();
        tick++;
        for (Iterator<Map.Entry<MessageId, Long>> it = awaited.entrySet().iterator(); it.hasNext();) {
            Map.Entry<MessageId, Long> entry = it.next();
            if (tick - entry.getValue() <= repairTicks) {
                break; // in the order they came
            }
            it.remove();
            missed++;
            sink.lost(entry.getKey(), NOT_ARRIVED);
        }
        for (Iterator<Map.Entry<MessageId, Long>> it = delivered.entrySet().iterator(); it.hasNext();) {
            if (tick - it.next().getValue() <= 4 * repairTicks) {
                break;
            }
            it.remove(); // its marker is later than any repair: it was lost on its way here
        }
    }

    @Override
    public DisseminationCounters counters() {
        return strategy.counters().direct(new NodeState.Direct(sent, received, missed),
                gate.delivered() - markers);
    }

    /**
     * The link to send the message straight on, or 0 when it goes whole through the mesh: signed, empty, with a hop
     * limit (a direct link skips the hops between), kept here by the propagation filter, or the link congested.
     */
    private long straightLink(Frame.Data message) {
        String target = message.headers().get(MeshMessage.TARGET_HEADER);
        if (target == null || message.signed() || message.payload().length == 0 || message.hopLimit() != 0) {
            return 0;
        }
        if (filter != PropagationFilter.ALL) {
            Propagation decided = filter.decide(new MeshMessage(new MessageId(message.origin(), message.sequence()),
                    message.topic(), message.headers(), message.payload(), 0, 0), PropagationFilter.Origin.LOCAL);
            if (decided == null || !decided.remote()) {
                return 0;
            }
        }
        long node;
        try {
            node = NodeId.parse(target);
        }
        catch (IllegalArgumentException ex) {
            return 0;
        }
        long link = sink.linkTo(node);
        if (link == 0) {
            sink.reach(node); // this one goes through the mesh; the next goes straight, once the link is up
        }
        return link != 0 && !sink.congested(link) && sink.fits(link, message) ? link : 0;
    }

    /** A message came straight: delivered when it is for this node and new, else dropped. */
    private void arrived(long link, Frame.Data message) {
        MessageId id = new MessageId(message.origin(), message.sequence());
        if (!NodeId.format(self).equals(message.headers().get(MeshMessage.TARGET_HEADER))
                || delivered.containsKey(id)) {
            return; // for another node (a peer breaking the protocol), or a second copy
        }
        boolean markerCame = awaited.containsKey(id);
        if (!markerCame && seen.contains(id.origin(), id.sequence())) {
            return; // the whole message came through the mesh already
        }
        if (!sink.authentic(link, message)) {
            return;
        }
        awaited.remove(id);
        if (!markerCame) {
            remember(delivered, id);
        }
        received++;
        gate.pass(message, Math.max(1, message.hops()), PropagationFilter.Origin.REMOTE);
    }

    /** A marker for this node came through the mesh: its message came already, or is awaited. */
    private void markerArrived(MessageId id) {
        markers++;
        if (delivered.remove(id) == null) {
            remember(awaited, id);
        }
    }

    private void remember(Map<MessageId, Long> ids, MessageId id) {
        ids.put(id, tick);
        if (ids.size() > MAX_REMEMBERED) {
            Iterator<MessageId> oldest = ids.keySet().iterator();
            MessageId forgotten = oldest.next();
            oldest.remove();
            if (ids == awaited) {
                missed++;
                sink.lost(forgotten, NOT_ARRIVED + "; more than " + MAX_REMEMBERED + " were awaited");
            }
        }
    }

    /** Whether the message came straight and was delivered, its marker not come yet. */
    private boolean deliveredStraight(MessageId id) {
        return delivered.containsKey(id);
    }

    /** Whether a message is the marker of one sent straight to this node: no payload, direct header, this target. */
    static boolean isMarkerForHere(Map<String, String> headers, int payloadLength, String self) {
        return payloadLength == 0 && !headers.isEmpty() && headers.containsKey(MeshMessage.DIRECT_HEADER)
                && self.equals(headers.get(MeshMessage.TARGET_HEADER));
    }

    /** The strategy's sink: a marker for this node goes to its routing, not to the subscribers. */
    static final class MarkerSink extends ForwardingSink {

        private DirectRouting routing;

        /** This node's id as a target header names it. */
        private final String selfId;

        private MarkerSink(DisseminationSink sink) {
            super(sink);
            this.selfId = NodeId.format(sink.self());
        }

        /** Makes the routing for the strategy made with this sink. */
        DirectRouting route(Dissemination strategy, DuplicateCache seen, PropagationFilter filter, long repairTicks) {
            routing = new DirectRouting(strategy, seen, sink, filter, repairTicks);
            return routing;
        }

        @Override
        public void deliver(MeshMessage message) {
            if (isMarkerForHere(message.headers(), message.payload().length, selfId)) {
                routing.markerArrived(message.id());
            }
            else {
                sink.deliver(message);
            }
        }

        /** A gap the strategy gives up on is no loss when its message came straight (its marker was lost). */
        @Override
        public void lost(MessageId id, String reason) {
            if (!routing.deliveredStraight(id)) {
                sink.lost(id, reason);
            }
        }
    }
}
