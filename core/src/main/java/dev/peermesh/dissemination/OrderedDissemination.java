package dev.peermesh.dissemination;


/**
 * A strategy whose deliveries go through an {@link OriginOrder}: each origin's messages reach the subscribers in
 * sequence order. The strategy itself is unchanged and does not know; this only adds the order's tick and counters.
 *
 * <p>{@code OrderedDissemination.of(sink -> new Flooding(...), 360, 16 << 20, 7, 10_000, 300, false).create(sink)}
 */
final class OrderedDissemination extends ForwardingDissemination {

    private final OriginOrder order;

    private OrderedDissemination(OriginOrder order, Dissemination strategy) {
        super(strategy);
        this.order = order;
    }

    /**
     * The strategy made by {@code strategy}, delivering in order.
     *
     * @param startMillis how long a new origin's order waits for lower numbers when the first heard is not 1
     * @param maxHeldBytes most bytes of messages held behind gaps, all origins together
     * @param waitTicks most ticks a message waits behind a gap
     * @param maxOrigins most origins whose order is remembered
     * @param idleTicks ticks after which a silent origin is forgotten
     * @param replaysSkipTopics whether the node catches up on some topics only: numbers missing between replayed
     *        messages are then history of the others, not gaps
     */
    static DisseminationFactory of(DisseminationFactory strategy, long startMillis, long maxHeldBytes, long waitTicks,
            int maxOrigins, long idleTicks, boolean replaysSkipTopics) {
        return sink -> {
            OriginOrder order = new OriginOrder(sink, startMillis, maxHeldBytes, waitTicks, maxOrigins, idleTicks,
                    replaysSkipTopics);
            return new OrderedDissemination(order, strategy.create(order));
        };
    }

    @Override
    public void tick() {
        strategy.tick();
        order.tick();
    }

    @Override
    public void onTimer(long token) {
        if (token == OriginOrder.START_TIMER) {
            order.onStartTimer();
        }
        else {
            strategy.onTimer(token);
        }
    }

    @Override
    public DisseminationCounters counters() {
        return strategy.counters().ordered(order.counters(), order.lateBeforeFloor(), order.reportedTwice());
    }
}
