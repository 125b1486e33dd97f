package dev.peermesh.dissemination;

import dev.peermesh.MeshMessage;
import dev.peermesh.MessageId;
import dev.peermesh.PropagationFilter;
import dev.peermesh.wire.Frame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Plumtree tests share: a node's strategy wired to a recording sink whose timers are fired by hand on a
 * pretend clock (firing one moves the clock to when it was due), and frames to feed it.
 */
abstract class PlumtreeFixture {

    static final long SELF = 0x5E1FL;

    static final long ORIGIN = 0x0A1L;

    static final long OTHER = 0x0B2L;

    /** 250 ms before the first pull, 100 ms after it (doubling), 20 ms batches, 4 pulls, 3 ticks for gaps. */
    static final Plumtree.Options OPTIONS = new Plumtree.Options(250, 100, 20, 4, 3);

    final Sink sink = new Sink();

    // ---- helpers ----------------------------------------------------------------------------------------------

    Plumtree plumtree(long... links) {
        return plumtree(PropagationFilter.ALL, links);
    }

    /** {@link #OPTIONS}, but a new origin's first messages follow the default tree (peermesh.tree.new-origins). */
    static final Plumtree.Options FOLLOW_TREE = new Plumtree.Options(OPTIONS.graftTimeoutMillis(),
            OPTIONS.graftRetryMillis(), OPTIONS.ihaveIntervalMillis(), OPTIONS.maxGraftAttempts(),
            OPTIONS.repairTicks(),
            false, true);

    /** The options the next {@link #plumtree} gets: {@link #OPTIONS} unless a test sets others. */
    Plumtree.Options options = OPTIONS;

    Plumtree plumtree(PropagationFilter filter, long... links) {
        Plumtree tree = new Plumtree(new DuplicateCache(1_000, 100), new MessageCache(10_000, 1L << 30, 100),
                filter, options, sink);
        for (long link : links) {
            tree.neighborUp(link);
        }
        return tree;
    }

    /** A node with tree link 1 and these links pruned off the tree; nothing recorded yet. */
    Plumtree offTree(long... lazyLinks) {
        Plumtree tree = plumtree(1);
        for (long link : lazyLinks) {
            tree.neighborUp(link);
            tree.receiveControl(link, new Frame.Prune());
        }
        sink.clear();
        return tree;
    }

    static Set<Long> eager(Plumtree tree) {
        return tree.links().get(0);
    }

    static Set<Long> lazy(Plumtree tree) {
        return tree.links().get(1);
    }

    static void ticks(Dissemination tree, long count) {
        for (long i = 0; i < count; i++) {
            tree.tick();
        }
    }

    static Frame.Data data(long sequence, int hops, int hopLimit) {
        return new Frame.Data(ORIGIN, sequence, hops, hopLimit, "news", Map.of(), new byte[] {1, 2, 3});
    }

    static Frame.Data from(long origin, long sequence) {
        return new Frame.Data(origin, sequence, 0, 0, "news", Map.of(), new byte[] {5});
    }

    static Frame.Data own(long sequence) {
        return new Frame.Data(SELF, sequence, 1, 0, "news", Map.of(), new byte[] {4});
    }

    static Frame.IHave ihave(long origin, long sequence) {
        return new Frame.IHave(List.of(new Frame.Announcement(origin, sequence, 1)));
    }

    record Sent(long link, Frame frame) {
    }

    record Scheduled(long token, long delayMillis) {
    }

    /** A timer on the pretend clock: due at {@code due}, set {@code order}-th. */
    record Pending(Scheduled timer, long due, long order) {
    }

    record Lost(MessageId id, String reason) {
    }

    /** Records what the tree decided; its timers fire only when a test fires them. */
    static final class Sink implements DisseminationSink {

        final List<Sent> sent = new ArrayList<>();

        final List<MeshMessage> deliveries = new ArrayList<>();

        final List<Scheduled> scheduled = new ArrayList<>();

        /** Timers not fired yet, the next due first (in the order they were set when due together). */
        final java.util.PriorityQueue<Pending> pending = new java.util.PriorityQueue<>(
                java.util.Comparator.comparingLong(Pending::due).thenComparingLong(Pending::order));

        /** When each frame in {@link #sent} was sent, on the pretend clock. */
        final List<Long> sentAt = new ArrayList<>();

        /** The pretend clock, in ms. */
        long now;

        private long order;

        final List<Lost> lost = new ArrayList<>();

        /** Links the test declares congested. */
        final Set<Long> congested = new java.util.HashSet<>();

        /** Whether the test declares this node's deliveries backlogged (messages held for order). */
        boolean deliveryBacklogged;

        @Override
        public boolean deliveryBacklogged() {
            return deliveryBacklogged;
        }

        /** Links the test declares over the hard payload cap (lossy). */
        final Set<Long> overCap = new java.util.HashSet<>();

        /** Each change to whether this node's publishes are held, in order. */
        final List<Boolean> publishesHeld = new ArrayList<>();

        @Override
        public boolean congested(long link) {
            return congested.contains(link);
        }

        @Override
        public void holdPublishes(boolean held) {
            publishesHeld.add(held);
        }

        /** Node ids of neighbors and the links to them, for {@link #linkTo}. */
        final Map<Long, Long> neighbors = new java.util.HashMap<>();

        /** This node's id, as {@link #self} tells it. */
        long self;

        @Override
        public long linkTo(long node) {
            return neighbors.getOrDefault(node, 0L);
        }

        @Override
        public long self() {
            return self;
        }

        /** Each change to whether this node is catching up, in order. */
        final List<Boolean> catchingUp = new ArrayList<>();

        @Override
        public void catchingUp(boolean on) {
            catchingUp.add(on);
        }

        @Override
        public boolean overPayloadCap(long link) {
            return overCap.contains(link);
        }

        @Override
        public void send(long link, Frame frame) {
            sent.add(new Sent(link, frame));
            sentAt.add(now);
        }

        @Override
        public long now() {
            return now;
        }

        @Override
        public void deliver(MeshMessage message) {
            deliveries.add(message);
        }

        @Override
        public void schedule(long token, long delayMillis) {
            Scheduled timer = new Scheduled(token, delayMillis);
            scheduled.add(timer);
            pending.add(new Pending(timer, now + delayMillis, order++));
        }

        @Override
        public void lost(MessageId id, String reason) {
            lost.add(new Lost(id, reason));
        }

        /** Fires the timer due next, moving the clock to when it is due. */
        void fireNext(Dissemination tree) {
            Pending next = pending.remove();
            now = Math.max(now, next.due());
            tree.onTimer(next.timer().token());
        }

        /**
         * Fires, in order, every timer due within {@code millis} from now (those they set included), then moves the
         * clock to the end of that time.
         */
        void advance(Dissemination tree, long millis) {
            long until = now + millis;
            for (int fired = 0; !pending.isEmpty() && pending.peek().due() <= until; fired++) {
                assertThat(fired).as("timers keep rescheduling themselves").isLessThan(100_000);
                fireNext(tree);
            }
            now = until;
        }

        /** Fires timers, oldest first, including those they schedule, until none is left. */
        void fireAll(Dissemination tree) {
            for (int fired = 0; !pending.isEmpty(); fired++) {
                assertThat(fired).as("timers keep rescheduling themselves").isLessThan(100_000);
                fireNext(tree);
            }
        }

        /** When frames of this type were sent, on the pretend clock, in order. */
        List<Long> timesOf(Class<? extends Frame> type) {
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                if (type.isInstance(sent.get(i).frame())) {
                    times.add(sentAt.get(i));
                }
            }
            return times;
        }

        List<Frame> framesOn(long link) {
            return sent.stream().filter(s -> s.link() == link).map(Sent::frame).toList();
        }

        <F extends Frame> List<F> sentOfType(Class<F> type) {
            return sent.stream().map(Sent::frame).filter(type::isInstance).map(type::cast).toList();
        }

        /** The links frames of this type went to, in order. */
        List<Long> linksOf(Class<? extends Frame> type) {
            return sent.stream().filter(s -> type.isInstance(s.frame())).map(Sent::link).toList();
        }

        /** Forgets what was recorded, pending timers included. */
        void clear() {
            sent.clear();
            sentAt.clear();
            deliveries.clear();
            scheduled.clear();
            pending.clear();
            lost.clear();
        }
    }
}
