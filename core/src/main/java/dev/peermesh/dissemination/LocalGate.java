package dev.peermesh.dissemination;

import dev.peermesh.MeshMessage;
import dev.peermesh.MessageId;
import dev.peermesh.NodeId;
import dev.peermesh.Propagation;
import dev.peermesh.PropagationFilter;
import dev.peermesh.wire.Frame;

import java.util.Map;

/**
 * What every dissemination strategy does with a new message on this node: ask the propagation filter where it
 * goes, and hand it to the local subscribers when it stays here and is for every node or for this one
 * ({@link MeshMessage#TARGET_HEADER}). Counts both.
 */
final class LocalGate {

    private final PropagationFilter filter;

    private final DisseminationSink sink;

    /** This node's id as a message's {@link MeshMessage#TARGET_HEADER} names it. */
    private final String self;

    /** Whether the messages are replays, which carry {@link MeshMessage#REPLAYED_HEADER}; no other may. */
    private final boolean replays;

    private long delivered;

    private long filtered;

    LocalGate(PropagationFilter filter, DisseminationSink sink) {
        this(filter, sink, false);
    }

    private LocalGate(PropagationFilter filter, DisseminationSink sink, boolean replays) {
        this.filter = filter;
        this.sink = sink;
        this.self = NodeId.format(sink.self());
        this.replays = replays;
    }

    /** The gate of replayed messages: they keep their {@link MeshMessage#REPLAYED_HEADER}. */
    static LocalGate replays(PropagationFilter filter, DisseminationSink sink) {
        return new LocalGate(filter, sink, true);
    }

    /**
     * Decides where a message goes, delivers it here when it should, and says whether it travels on.
     *
     * @param hops links the message crossed to get here; 0 for one published here
     */
    boolean pass(Frame.Data message, int hops, PropagationFilter.Origin origin) {
        Map<String, String> headers = message.headers();
        if (!replays && !headers.isEmpty() && headers.containsKey(MeshMessage.REPLAYED_HEADER)) {
            headers = new java.util.HashMap<>(headers); // a publisher cannot pass a live message off as replayed
            headers.remove(MeshMessage.REPLAYED_HEADER);
        }
        MeshMessage view = new MeshMessage(new MessageId(message.origin(), message.sequence()), message.topic(),
                headers, message.payload(), hops, message.hopLimit());
        Propagation propagation = filter == PropagationFilter.ALL ? Propagation.LOCAL_AND_REMOTE
                : filter.decide(view, origin);
        if (propagation == null) {
            propagation = Propagation.NONE;
        }
        if (propagation != Propagation.LOCAL_AND_REMOTE) {
            filtered++;
        }
        if ((propagation.local() || DirectRouting.isMarkerForHere(headers, message.payload().length, self))
                && forHere(message)) {
            delivered++;
            sink.deliver(view);
        }
        else if (hops > 0) {
            sink.passedBy(view.id(), view.isReplayed());
        }
        return propagation.remote();
    }

    /** Whether the message is for every node or names this one as its target. */
    private boolean forHere(Frame.Data message) {
        Map<String, String> headers = message.headers();
        if (headers.isEmpty()) {
            return true;
        }
        String target = headers.get(MeshMessage.TARGET_HEADER);
        return target == null || target.equals(self);
    }

    long delivered() {
        return delivered;
    }

    long filtered() {
        return filtered;
    }
}
