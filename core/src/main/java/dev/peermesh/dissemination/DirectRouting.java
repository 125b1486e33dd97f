package dev.peermesh.dissemination;

import dev.peermesh.MeshMessage;
import dev.peermesh.MessageId;
import dev.peermesh.NodeId;
import dev.peermesh.NodeState;
import dev.peermesh.PropagationFilter;
import dev.peermesh.wire.Frame;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Messages for one node ({@link MeshMessage#TARGET_HEADER}: sends, replies, receipts) sent straight to it when it is
 * a neighbor: the payload goes on the link to the target only (DIRECT), and the strategy spreads a marker in its place
 * — the same id and headers, {@link MeshMessage#DIRECT_HEADER}, no payload — so every other node passes the number by
 * as it does any message for another node, and no node sees a gap. The strategy is unchanged and does not know.
 *
 * <p>On the target the message is delivered as it comes straight, through the same sink as every message (so, with
 * {@code ordering=fifo}, in order with its origin's others), and the marker is swallowed. When the marker comes first,
 * the message is awaited; one that does not come within the repair window is reported lost. Signed messages, and
 * messages with no payload (receipts), travel whole through the mesh: a marker would need a signature of its own, and
 * is as long as an empty message.
 *
 * <p>Both memories are bounded ({@link #MAX_REMEMBERED} each, the oldest forgotten first) and age out.
 *
 * <p>Not thread-safe: called on the node's protocol thread.
 */
final class DirectRouting implements Dissemination {

    /** Ids remembered of each kind: messages delivered before their marker, markers waiting for their message. */
    static final int MAX_REMEMBERED = 10_000;

    private static final String NOT_ARRIVED = "it was sent to this node straight, on the link from its origin, and "
            + "did not arrive within the repair window (only its marker went through the mesh)";

    private final Dissemination strategy;
    private final DuplicateCache seen;
    private final DisseminationSink sink;
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
        this.strategy = strategy;
        this.seen = seen;
        this.sink = sink;
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

    @Override
    public void neighborUp(long link) {
        strategy.neighborUp(link);
    }

    @Override
    public void neighborDown(long link) {
        strategy.neighborDown(link);
    }

    @Override
    public void receive(long link, Frame.Data message) {
        strategy.receive(link, message);
    }

    @Override
    public void onTimer(long token) {
        strategy.onTimer(token);
    }

    /** The link to send the message straight on, or 0 when it goes whole through the mesh. */
    private long straightLink(Frame.Data message) {
        String target = message.headers().get(MeshMessage.TARGET_HEADER);
        if (target == null || message.signed() || message.payload().length == 0) {
            return 0;
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
        return link != 0 && sink.fits(link, message) ? link : 0;
    }

    /** A message came straight: delivered when it is for this node and new, else dropped. */
    private void arrived(long link, Frame.Data message) {
        MessageId id = new MessageId(message.origin(), message.sequence());
        if (!NodeId.format(self).equals(message.headers().get(MeshMessage.TARGET_HEADER))
                || delivered.containsKey(id)) {
            return; // for another node (a peer breaking the protocol), or a second copy
        }
        boolean markerCame = awaited.remove(id) != null;
        if (!markerCame && seen.contains(id.origin(), id.sequence())) {
            return; // the whole message came through the mesh already
        }
        if (!sink.authentic(link, message)) {
            return;
        }
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
            oldest.next();
            oldest.remove();
        }
    }

    /** The strategy's sink: a marker for this node goes to its routing, not to the subscribers. */
    static final class MarkerSink extends ForwardingSink {

        private DirectRouting routing;

        private MarkerSink(DisseminationSink sink) {
            super(sink);
        }

        /** Makes the routing for the strategy made with this sink. */
        DirectRouting route(Dissemination strategy, DuplicateCache seen, PropagationFilter filter, long repairTicks) {
            routing = new DirectRouting(strategy, seen, sink, filter, repairTicks);
            return routing;
        }

        @Override
        public void deliver(MeshMessage message) {
            if (message.payload().length == 0 && message.headers().containsKey(MeshMessage.DIRECT_HEADER)) {
                routing.markerArrived(message.id());
            }
            else {
                sink.deliver(message);
            }
        }
    }
}
