package dev.peermesh.protocol;

import dev.peermesh.MeshMessage;
import dev.peermesh.MeshSettings;
import dev.peermesh.MessageId;
import dev.peermesh.dissemination.DisseminationSink;
import dev.peermesh.protocol.link.Link;
import dev.peermesh.protocol.link.LinkTable;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.FrameWriter;

/**
 * The dissemination strategy's view of the driver: what it sends goes out through the {@link Actions}, a signed
 * message after its origin's key, and no message goes to a neighbor that would refuse it for its size.
 */
final class ProtocolSink implements DisseminationSink {

    private final MeshSettings settings;
    private final long self;
    private final Actions actions;
    private final LinkTable links;
    private final ActiveView view;
    private final Signatures signatures;
    private final ProtocolCounters counters;
    private final DirectLinks directs;
    /** Read on every payload pushed: kept here rather than looked up through the settings' groups each time. */
    private final int payloadBacklogCapBytes;

    ProtocolSink(MeshSettings settings, long self, Actions actions, LinkTable links, ActiveView view,
            Signatures signatures, ProtocolCounters counters, DirectLinks directs) {
        this.settings = settings;
        this.self = self;
        this.actions = actions;
        this.links = links;
        this.view = view;
        this.signatures = signatures;
        this.counters = counters;
        this.directs = directs;
        this.payloadBacklogCapBytes = settings.tree().payloadBacklogCapBytes();
    }

    @Override
    public void send(long link, Frame frame) {
        Frame.Data message = frame instanceof Frame.Data data ? data
                : frame instanceof Frame.Replay replay ? replay.message()
                : frame instanceof Frame.Direct direct ? direct.message() : null;
        if (message != null && message.signed() && !signatures.sendFirst(link, message)) {
            return; // sealed, and its seal is gone here: the neighbor could not check it
        }
        actions.send(link, frame);
    }

    /**
     * A message longer than the neighbor's maximum message size would close the link at the neighbor's
     * decoder: it is not sent, but counted and reported, so the mismatch in {@code max-message-size} shows.
     */
    @Override
    public boolean fits(long id, Frame.Data message) {
        Link direct = links.get(id);
        if (direct != null && direct.direct()) { // no neighbor: not in the view's smallest limit; not reported
            return FrameWriter.dataLength(message.topic(), message.headers(), message.payload().length,
                    message.signature().length) <= direct.peerMaxMessageSize();
        }
        NeighborLimit smallest = view.smallestLimit();
        if (smallest == null || smallest.maxMessageSize() >= settings.maxMessageSize()) {
            return true; // every message here is within this node's own limit: received or checked when published
        }
        Link link = links.get(id);
        if (link == null || !link.established()) {
            return true; // nothing goes out on it anyway
        }
        long size = FrameWriter.dataLength(message.topic(), message.headers(), message.payload().length,
                message.signature().length);
        if (size <= link.peerMaxMessageSize()) {
            return true;
        }
        counters.tooLargeForNeighbor();
        actions.event(new MeshEvent.MessageTooLargeForNeighbor(link.neighbor(),
                new MessageId(message.origin(), message.sequence()), size, link.peerMaxMessageSize(),
                settings.maxMessageSize()));
        return false;
    }

    @Override
    public boolean authentic(long id, Frame.Data message) {
        return signatures.authentic(id, message);
    }

    @Override
    public long self() {
        return self;
    }

    @Override
    public long linkTo(long node) {
        return directs.linkTo(node);
    }

    @Override
    public void reach(long node) {
        directs.open(node, false);
    }

    @Override
    public void deliver(MeshMessage message) {
        directs.delivered(message);
        actions.deliver(message);
    }

    @Override
    public void schedule(long token, long delayMillis) {
        actions.schedule(new Timer(Timer.Kind.DISSEMINATION, token), delayMillis);
    }

    @Override
    public long now() {
        return actions.now();
    }

    @Override
    public void lost(MessageId id, String reason) {
        actions.event(new MeshEvent.MessageLost(id, reason));
    }

    @Override
    public boolean congested(long link) {
        return actions.congested(link);
    }

    @Override
    public void holdPublishes(boolean held) {
        actions.holdPublishes(held);
    }

    @Override
    public boolean overPayloadCap(long link) {
        if (actions.queuedBytes(link) <= payloadBacklogCapBytes) {
            return false;
        }
        counters.overPayloadCap();
        return true;
    }
}
