package dev.peermesh.dissemination;

import dev.peermesh.wire.Frame;

/**
 * A {@link Dissemination} in front of a strategy that hands every call on: a decorator ({@link OrderedDissemination},
 * {@link CatchUpDissemination}, {@link DirectRouting}) overrides only what it changes, and a method added to the
 * interface later cannot be missed behind one.
 */
abstract class ForwardingDissemination implements Dissemination {

    /** The strategy calls go on to. */
    protected final Dissemination strategy;

    ForwardingDissemination(Dissemination strategy) {
        this.strategy = strategy;
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
    public void publish(Frame.Data message) {
        strategy.publish(message);
    }

    @Override
    public void receive(long link, Frame.Data message) {
        strategy.receive(link, message);
    }

    @Override
    public void receiveControl(long link, Frame frame) {
        strategy.receiveControl(link, frame);
    }

    @Override
    public void tick() {
        strategy.tick();
    }

    @Override
    public void onTimer(long token) {
        strategy.onTimer(token);
    }

    @Override
    public DisseminationCounters counters() {
        return strategy.counters();
    }
}
