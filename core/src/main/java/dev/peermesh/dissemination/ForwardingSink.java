package dev.peermesh.dissemination;

import dev.peermesh.MeshMessage;
import dev.peermesh.MessageId;
import dev.peermesh.wire.Frame;

/**
 * A {@link DisseminationSink} in front of another that hands every call on: a decorator overrides only what it
 * changes ({@link OriginOrder}: deliveries and losses). Every method is forwarded, defaults included, so a method
 * added to the interface later cannot silently fall back to its default behind a decorator.
 */
abstract class ForwardingSink implements DisseminationSink {

    /** The sink calls go on to. */
    protected final DisseminationSink sink;

    ForwardingSink(DisseminationSink sink) {
        this.sink = sink;
    }

    @Override
    public void deliver(MeshMessage message) {
        sink.deliver(message);
    }

    @Override
    public void lost(MessageId id, String reason) {
        sink.lost(id, reason);
    }

    @Override
    public void passedBy(MessageId id, boolean replayed) {
        sink.passedBy(id, replayed);
    }

    @Override
    public long self() {
        return sink.self();
    }

    @Override
    public long linkTo(long node) {
        return sink.linkTo(node);
    }

    @Override
    public void reach(long node) {
        sink.reach(node);
    }

    @Override
    public void send(long link, Frame frame) {
        sink.send(link, frame);
    }

    @Override
    public void catchingUp(boolean on) {
        sink.catchingUp(on);
    }

    @Override
    public void schedule(long token, long delayMillis) {
        sink.schedule(token, delayMillis);
    }

    @Override
    public long now() {
        return sink.now();
    }

    @Override
    public boolean authentic(long link, Frame.Data message) {
        return sink.authentic(link, message);
    }

    @Override
    public boolean fits(long link, Frame.Data message) {
        return sink.fits(link, message);
    }

    @Override
    public void holdPublishes(boolean held) {
        sink.holdPublishes(held);
    }

    @Override
    public boolean deliveryBacklogged() {
        return sink.deliveryBacklogged();
    }

    @Override
    public boolean congested(long link) {
        return sink.congested(link);
    }

    @Override
    public boolean overPayloadCap(long link) {
        return sink.overPayloadCap(link);
    }
}
