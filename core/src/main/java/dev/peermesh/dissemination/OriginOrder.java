package dev.peermesh.dissemination;

import dev.peermesh.MeshMessage;
import dev.peermesh.MessageId;
import dev.peermesh.NodeState;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * Delivers each origin's messages in the order it published them ({@code peermesh.ordering=fifo}): the sink a
 * strategy delivers through, in front of the node's. Per origin it knows the next sequence number to deliver; a
 * message further ahead waits until the numbers before it are delivered, skipped by the propagation filter or
 * reported lost by the strategy. Other origins never wait for one origin's gap.
 *
 * <p>Bounded three ways, each giving up on a gap by reporting its missing numbers lost and delivering what waited
 * behind it: messages behind a gap wait at most {@code waitTicks} ticks (the strategy reports a gap lost after its
 * repair window, so this only catches gaps it never reports, as numbers its duplicate cache passed over); all held
 * messages together take at most {@code maxHeldBytes} (the oldest waiting gap goes first); and at most
 * {@code maxOrigins} origins are remembered, a silent one forgotten after {@code idleTicks}. A message that arrives
 * after a later one of its origin was delivered — behind a gap given up on, or before this node's order of its
 * origin began — is not delivered out of order: it was reported lost when its gap was given up on, or is reported
 * lost as it comes. An origin forgotten and heard again begins a new order, so a message of it still on its way
 * from before may come after later ones: forgetting is the one exception, at most once per origin per
 * {@code idleTicks} or past {@code maxOrigins}. When the node catches up on some topics only, a message replayed
 * below the first number of its origin heard live waits for no gap: the numbers missing before it are history of the
 * other topics, never sent here, passed over with no loss (one that comes after all is reported lost as it comes).
 * Catching up on every topic, they are gaps as any: a neighbor's ring may lack a message still on its way. Held
 * messages past a quarter of {@code maxHeldBytes} are a delivery backlog ({@link #deliveryBacklogged()}): the tree
 * strategy pauses the origins that keep coming until it drains.
 *
 * <p>Where an origin's order begins: at number 1, or, when the first message heard from it is a later one (this
 * node joined after the origin began, or forgot it), at the lowest number heard within {@code startMillis} of that
 * first one — paths of different lengths deliver an origin's first messages here out of order too, and without the
 * wait the one that lost the race would be reported late. Only the first messages of such an origin wait. While this
 * node catches up ({@link #catchingUp}), no start wait ends before the catch-up does: an origin's replayed messages
 * then come before its live ones.
 *
 * <p>Not thread-safe: called on the node's protocol thread, like every sink.
 */
final class OriginOrder extends ForwardingSink {

    /** Bytes a held message counts beside its payload: the message, its entry and its headers, about. */
    static final int HELD_OVERHEAD = 128;

    /**
     * Held messages past this share of {@code maxHeldBytes} (a quarter) count as a delivery backlog
     * ({@link #deliveryBacklogged()}): in a saturated 8-node benchmark, held messages that reached the bound gave up
     * millions of numbers and every node pulled; pausing the origins at a quarter kept the mesh at full speed with
     * no pull (docs/benchmarks.md).
     */
    static final int BACKLOG_SHARE = 4;

    /** A gap longer than this is reported as one loss naming its range, not one loss per number. */
    static final long MAX_LOSSES_REPORTED = 1024;

    private static final String EXPIRED = "it did not arrive within the repair window, and the messages of its "
            + "origin behind it were delivered (peermesh.ordering=fifo)";

    private static final String OVERFLOWED = "the messages of its origin behind it reached "
            + "peermesh.limits.max-reorder-bytes, so they were delivered without it (peermesh.ordering=fifo)";

    private static final String FORGOTTEN = "its origin was forgotten, silent or past duplicate-cache.origins, and "
            + "the messages behind it were delivered (peermesh.ordering=fifo)";

    private static final String BEFORE_START = "it was published before this node first heard of its origin and "
            + "did not come within the wait before the origin's order began (peermesh.ordering=fifo)";

    private static final String LATE = "it arrived after a later message of its origin had been delivered, so it "
            + "was not delivered (peermesh.ordering=fifo)";

    /** Places in {@link #recent}: a busy node's origins are a handful. */
    private static final int RECENT = 32;

    /** The timer token of the start waits: none of the strategies' own (small numbers). */
    static final long START_TIMER = Long.MIN_VALUE + 0x0FDE;

    private final long startMillis;
    private final boolean replaysSkipTopics;
    private final long maxHeldBytes;
    private final long waitTicks;
    private final long idleTicks;

    /** Access order: the least recently heard origin is forgotten first. */
    private final LongLruMap<Queue> origins;

    /** Origins with messages held behind a gap, in the order their wait began. */
    private final List<Queue> waiting = new ArrayList<>();

    /** Origins whose order has not begun yet, in the order their start wait began. */
    private final ArrayDeque<Queue> starting = new ArrayDeque<>();

    private boolean startTimer;

    /** While this node catches up, no start wait ends: replayed messages may still come before the live ones. */
    private boolean startsHeld;
    /** When a catch-up on some topics ended, plus a start wait: history gaps are passed over then; -1 for none. */
    private long historyAt = -1;

    /** Origins heard lately, found without the map: one direct-mapped place each (as in {@code OriginSlots}). */
    private final @Nullable Queue[] recent = new Queue[RECENT];

    private long tick;
    /** Messages held (not the losses and passed-by numbers held in their places). */
    private int held;
    private long heldBytes;
    /** Of {@link #heldBytes}, those of origins whose start wait is not over: no delivery backlog. */
    private long startingBytes;
    private long late;
    /** Of {@link #late}, those below where the order began: reported lost then (the others were already). */
    private long lateBeforeFloor;
    private long expired;
    private long overflowed;
    /**
     * Losses the strategy reported of numbers given up on here already (not reported, nor counted, twice), or passed
     * over as history a catch-up did not replay (no loss: the strategy counted them, so they are taken off).
     */
    private long reportedTwice;
    /** Numbers passed over below replayed messages: history that was not replayed ({@link #history}). */
    private long historySkipped;

    /**
     * @param startMillis how long a new origin's order waits for lower numbers when its first message heard is not
     *        its number 1
     * @param maxHeldBytes most bytes of messages held, all origins together
     * @param waitTicks most ticks a message waits behind a gap
     * @param maxOrigins most origins remembered
     * @param idleTicks ticks after which a silent origin is forgotten
     */
    OriginOrder(DisseminationSink sink, long startMillis, long maxHeldBytes, long waitTicks, int maxOrigins,
            long idleTicks) {
        this(sink, startMillis, maxHeldBytes, waitTicks, maxOrigins, idleTicks, false);
    }

    /**
     * @param replaysSkipTopics whether this node catches up on some topics only: then the numbers missing between
     *        replayed messages are history it is not sent ({@link #history}), not gaps
     */
    OriginOrder(DisseminationSink sink, long startMillis, long maxHeldBytes, long waitTicks, int maxOrigins,
            long idleTicks, boolean replaysSkipTopics) {
        super(sink);
        this.replaysSkipTopics = replaysSkipTopics;
        this.startMillis = startMillis;
        this.maxHeldBytes = maxHeldBytes;
        this.waitTicks = waitTicks;
        this.idleTicks = idleTicks;
        this.origins = new LongLruMap<>(maxOrigins, true, (origin, queue) -> forget(queue));
    }

    @Override
    public void deliver(MeshMessage message) {
        MessageId id = message.id();
        if (message.hops() == 0 || !orderable(id.sequence())) {
            sink.deliver(message); // published here: in order already; or a number no origin reaches
            return;
        }
        arrived(queue(id.origin(), id.sequence()), id.sequence(), message, false);
    }

    @Override
    public void passedBy(MessageId id, boolean replayed) {
        if (orderable(id.sequence())) {
            arrived(queue(id.origin(), id.sequence()), id.sequence(), null, replayed);
        }
    }

    @Override
    public void lost(MessageId id, String reason) {
        Queue queue = known(id.origin());
        long sequence = id.sequence();
        if (queue == null || !orderable(sequence) || sequence < queue.floor && !queue.starting) {
            sink.lost(id, reason); // before the order here began: nothing waits for it
            return;
        }
        if (queue.starting && sequence < queue.next) {
            begin(queue, sequence); // within the start wait: the order begins there, with the loss
        }
        if (sequence == queue.next && !queue.starting) {
            queue.next++;
            sink.lost(id, reason);
            release(queue);
        }
        else if (sequence >= queue.next) {
            hold(queue, sequence, new Held(sequence, null, reason, tick, HELD_OVERHEAD, false));
        }
        else {
            reportedTwice++; // given up on here already, and reported then; or history, and no loss
        }
    }

    /**
     * Whether the number can be ordered: numbers from 1 to {@code Long.MAX_VALUE / 2}, which no origin passes (it
     * would take 146 years at a billion a second); a peer's others pass unordered, so no count wraps.
     */
    private static boolean orderable(long sequence) {
        return sequence > 0 && sequence <= Long.MAX_VALUE / 2;
    }

    /**
     * Held messages past {@link #BACKLOG_SHARE} of the bound: the tree pauses the origins whose messages come in, up
     * their trees, until the gaps are repaired, rather than let the held messages reach the bound and give gaps up.
     * What start waits hold does not count, nor anything while the node catches up: pausing the origins would not
     * end a wait sooner.
     */
    @Override
    public boolean deliveryBacklogged() {
        return !startsHeld && heldBytes - startingBytes > maxHeldBytes / BACKLOG_SHARE || sink.deliveryBacklogged();
    }

    @Override
    public void catchingUp(boolean on) {
        startsHeld = on;
        if (!on && replaysSkipTopics) {
            historyAt = sink.now() + startMillis;
            sink.schedule(START_TIMER, startMillis); // one firing more than needed is harmless
        }
        if (!on && !startTimer) {
            onStartTimer();
        }
        sink.catchingUp(on);
    }

    /** Begins the order of the origins whose start wait is over, unless this node is catching up. */
    void onStartTimer() {
        startTimer = false;
        if (startsHeld) {
            return; // the catch-up's end begins them
        }
        long now = sink.now();
        while (!starting.isEmpty() && now - starting.peekFirst().startedAt >= startMillis) {
            Queue queue = starting.pollFirst();
            started(queue);
            release(queue);
            // numbers below the first heard are none of the strategy's gaps (it neither pulls nor reports them):
            // what did not come within the wait will not be waited for; after a catch-up on some topics, they are
            // the other topics' history
            while (queue.held != null && queue.next < queue.firstHeard) {
                if (queue.replay != null && queue.replay.replays) {
                    skip(queue, queue.held.firstKey());
                    release(queue);
                }
                else {
                    expired += giveUp(queue, BEFORE_START);
                }
            }
        }
        if (historyAt >= 0 && now >= historyAt) {
            historyAt = -1;
            passHistory();
        }
        if (!starting.isEmpty()) {
            startTimer = true;
            sink.schedule(START_TIMER, starting.peekFirst().startedAt + startMillis - now);
        }
    }

    /**
     * A start wait after a catch-up on some topics ended: what the replayed origins still wait for below their first
     * live number is history of the other topics, published before this node joined and not sent to it, or a live
     * message later than the wait (reported lost when it comes).
     */
    private void passHistory() {
        for (Queue queue : List.copyOf(waiting)) {
            ReplayState replay = queue.replay;
            while (replay != null && replay.replays && !queue.starting && queue.held != null
                    && queue.held.firstKey() <= replay.firstLive) {
                skip(queue, queue.held.firstKey());
                release(queue);
            }
        }
    }

    /** Advances the clock by one tick: gives up on gaps waited on too long, forgets silent origins. */
    void tick() {
        tick++;
        for (Queue queue : List.copyOf(waiting)) {
            while (queue.held != null && !queue.starting && tick - queue.oldestSince() > waitTicks) {
                expired += giveUp(queue, EXPIRED);
            }
        }
        for (int slot = origins.first(), after; slot >= 0; slot = after) {
            after = origins.after(slot);
            Queue queue = origins.valueAt(slot);
            if (tick - queue.lastTick <= idleTicks) {
                break; // access order: the rest were heard more recently
            }
            origins.removeAt(slot);
            forget(queue);
        }
    }

    NodeState.Reordering counters() {
        return new NodeState.Reordering(held, heldBytes, late, expired, overflowed);
    }

    /**
     * Losses the strategy reported of numbers already passed here: given up on (counted here too) or skipped as history
     * a catch-up did not replay (no loss at all); the node's loss count takes them off the strategy's.
     */
    long reportedTwice() {
        return reportedTwice;
    }

    /** Numbers passed over below replayed messages: history the catch-up did not replay, never a loss. */
    long historySkipped() {
        return historySkipped;
    }

    /** Late arrivals reported lost as they came (below where the order began); the others were reported before. */
    long lateBeforeFloor() {
        return lateBeforeFloor;
    }

    /** Origins remembered now. */
    int origins() {
        return origins.size();
    }

    /** A lower number within the start wait: the order begins there. */
    private void begin(Queue queue, long sequence) {
        queue.next = sequence;
        queue.floor = sequence;
        if (sequence == 1) {
            starting.remove(queue);
            started(queue); // nothing comes before an origin's first message
        }
    }

    /**
     * A message ({@code message}), or a number passed by ({@code null}; {@code replayedPassBy} when a catch-up replayed
     * it), of the origin.
     */
    private void arrived(Queue queue, long sequence, @Nullable MeshMessage message, boolean replayedPassBy) {
        boolean replayed = false;
        boolean historyAfter = false;
        ReplayState replay = queue.replay; // only when the node catches up on some topics
        if (replay != null && sequence < replay.firstLive) { // one compare per message once heard live
            replayed = message == null ? replayedPassBy : message.isReplayed();
            if (replayed) {
                replay.replays = true;
            }
            else {
                // the first live message of a replayed origin after the catch-up and its history pass: what it
                // waits for below is the other topics' history too
                historyAfter = replay.firstLive == Long.MAX_VALUE && replay.replays && !startsHeld && historyAt < 0;
                replay.firstLive = sequence;
            }
        }
        if (queue.starting && sequence < queue.next) {
            begin(queue, sequence);
        }
        if (!queue.starting && sequence > queue.next && (historyAfter || history(queue, sequence, replayed))
                && (queue.held == null || queue.held.firstKey() > sequence)) {
            skip(queue, sequence);
        }
        if (sequence == queue.next && !queue.starting) {
            queue.next++;
            if (message != null) {
                sink.deliver(message);
            }
            if (queue.held != null) {
                release(queue);
            }
        }
        else if (sequence >= queue.next) {
            hold(queue, sequence, new Held(sequence, message, null, tick,
                    message == null ? HELD_OVERHEAD : HELD_OVERHEAD + message.payload().length, replayed));
        }
        else if (message != null) {
            late++;
            if (sequence < queue.floor || replay != null && replay.skipped.contains(sequence)) {
                lateBeforeFloor++;
                sink.lost(message.id(), LATE);
            }
            // else given up on here, and reported lost then: once is enough
        }
    }

    private void hold(Queue queue, long sequence, Held entry) {
        if (queue.held == null) {
            queue.held = new TreeMap<>();
            queue.arrivals = new ArrayDeque<>();
            waiting.add(queue);
        }
        if (queue.held.putIfAbsent(sequence, entry) != null) {
            return; // a second report of a loss already held
        }
        queue.arrivals.addLast(entry);
        held += entry.message != null ? 1 : 0;
        heldBytes += entry.bytes;
        if (queue.starting) {
            startingBytes += entry.bytes;
        }
        while (heldBytes > maxHeldBytes && !waiting.isEmpty()) {
            overflowed += giveUp(waiting.get(0), OVERFLOWED);
        }
    }

    /** Delivers what waits on the queue from its next number on, up to the first gap. */
    private void release(Queue queue) {
        TreeMap<Long, Held> entries = queue.held;
        while (entries != null) {
            Map.Entry<Long, Held> first = entries.firstEntry();
            if (first.getKey() != queue.next) {
                if (!history(queue, first.getKey(), first.getValue().replayed)) {
                    return;
                }
                skip(queue, first.getKey());
            }
            entries.pollFirstEntry();
            Held entry = first.getValue();
            held -= entry.message != null ? 1 : 0;
            heldBytes -= entry.bytes;
            if (queue.starting) {
                startingBytes -= entry.bytes;
            }
            queue.next++;
            if (entries.isEmpty()) {
                queue.held = null;
                queue.arrivals = null;
                entries = null;
                waiting.remove(queue);
            }
            if (entry.message != null) {
                sink.deliver(entry.message);
            }
            else if (entry.lostReason != null) {
                sink.lost(new MessageId(queue.origin, first.getKey()), entry.lostReason);
            }
        }
    }

    /**
     * Whether a message is history this node is not sent in full: replayed by a catch-up and below the first number of
     * its origin heard live. A catch-up replays only the topics asked for, within their bounds, and what the
     * neighbors' rings still held, so the numbers between replayed ones are no gaps: nothing will repair them, and
     * waiting for them held the replayed messages for the whole repair window.
     */
    private boolean history(Queue queue, long sequence, boolean replayed) {
        return replayed && queue.replay != null && sequence < queue.replay.firstLive;
    }

    /**
     * Passes over the numbers missing below a replayed message: no loss, nothing to wait for. One of them that comes
     * after all (a matching message the neighbors' rings lacked, still on its way) is reported lost as it comes.
     */
    private void skip(Queue queue, long sequence) {
        historySkipped += sequence - queue.next;
        queue.replay.skipped.skipped(queue.next, sequence); // only history is skipped: the queue has a replay state
        queue.next = sequence;
    }

    /** The queue's start wait is over (it has left {@link #starting}, or is taken off it by the caller). */
    private void started(Queue queue) {
        queue.starting = false;
        if (queue.held != null) {
            for (Held entry : queue.held.values()) {
                startingBytes -= entry.bytes;
            }
        }
    }

    /**
     * Reports the queue's first gap lost and delivers what waited behind it, up to the next gap.
     *
     * @return the sequence numbers given up on
     */
    private long giveUp(Queue queue, String reason) {
        if (queue.starting) {
            starting.remove(queue);
            started(queue); // its order begins now: the bound cannot wait for the start
        }
        if (queue.replay != null) {
            queue.replay.skipped.gaveUp();
        }
        long first = queue.held.firstKey();
        long missing = first - queue.next; // both orderable: no wrap
        if (missing > MAX_LOSSES_REPORTED) {
            sink.lost(new MessageId(queue.origin, queue.next), reason + "; so were the " + (missing - 1)
                    + " numbers after it, up to " + (first - 1));
        }
        else {
            for (long sequence = queue.next; sequence < first; sequence++) {
                sink.lost(new MessageId(queue.origin, sequence), reason);
            }
        }
        queue.next = first;
        release(queue);
        return missing;
    }

    /** An origin no longer remembered: what waited for it is delivered, its gaps reported lost. */
    private void forget(Queue queue) {
        int place = recentPlace(queue.origin);
        if (recent[place] == queue) {
            recent[place] = null;
        }
        if (queue.starting) {
            starting.remove(queue);
            started(queue);
        }
        while (queue.held != null) {
            expired += giveUp(queue, FORGOTTEN);
        }
    }

    /**
     * The origin's queue, or null. Marks it heard this tick: the first time in a tick through the map, which moves
     * it to the end of the access order, so the order is that of the ticks origins were last heard in.
     */
    private @Nullable Queue known(long origin) {
        int place = recentPlace(origin);
        Queue queue = recent[place];
        if (queue == null || queue.origin != origin) {
            queue = origins.get(origin);
            if (queue == null) {
                return null;
            }
            recent[place] = queue;
        }
        else if (queue.lastTick != tick) {
            origins.get(origin);
        }
        queue.lastTick = tick;
        return queue;
    }

    private static int recentPlace(long origin) {
        return (int) (origin ^ origin >>> 29 ^ origin >>> 47) & RECENT - 1;
    }

    /**
     * The origin's queue; a new one begins at {@code sequence}, the first number of it heard here, and when that is
     * not 1, waits {@code startMillis} for lower ones first.
     */
    private Queue queue(long origin, long sequence) {
        Queue queue = known(origin);
        if (queue == null) {
            queue = new Queue(origin, sequence, replaysSkipTopics);
            queue.lastTick = tick;
            origins.put(origin, queue);
            recent[recentPlace(origin)] = queue;
            if (sequence > 1 && startMillis > 0) {
                queue.starting = true;
                queue.startedAt = sink.now();
                starting.addLast(queue);
                if (!startTimer) {
                    startTimer = true;
                    sink.schedule(START_TIMER, startMillis);
                }
            }
        }
        return queue;
    }

    /**
     * One origin's order: everything below {@code next}, from {@code floor} on, was delivered or given up on; while
     * {@code starting}, everything heard is held and {@code floor} is the lowest number heard.
     */
    private static final class Queue {

        final long origin;
        /** The number that made the queue: below it, gaps are none of the strategy's to repair or report. */
        final long firstHeard;
        long floor;
        long next;
        /** What a catch-up on some topics needs to know of the origin; null otherwise (the simulator's pairs). */
        final @Nullable ReplayState replay;
        long lastTick;
        boolean starting;
        long startedAt;
        /** Held messages and losses above {@code next}, by sequence number; null when none. */
        @Nullable TreeMap<Long, Held> held;
        /** The entries of {@code held} in the order they came, and some already released (dropped when seen). */
        @Nullable ArrayDeque<Held> arrivals;

        Queue(long origin, long floor, boolean replays) {
            this.replay = replays ? new ReplayState() : null;
            this.origin = origin;
            this.firstHeard = floor;
            this.floor = floor;
            this.next = floor;
        }

        /** The tick the longest-held entry came. */
        long oldestSince() {
            ArrayDeque<Held> order = arrivals;
            while (order.peekFirst().sequence < next) {
                order.pollFirst();
            }
            return order.peekFirst().since;
        }
    }

    /** A replayed origin's history: where live messages begin, whether replays came, what was passed over. */
    private static final class ReplayState {

        /** The lowest number heard live (not replayed): replayed messages below it wait for no gap. */
        long firstLive = Long.MAX_VALUE;
        /** Whether replayed messages of the origin came (below its first live number). */
        boolean replays;
        /** The numbers passed over as history. */
        final SkippedRanges skipped = new SkippedRanges();
    }

    /**
     * What waits at a sequence number: a message, a loss the strategy reported early, or (both null) a message the
     * propagation filter kept from the subscribers.
     */
    private record Held(long sequence, @Nullable MeshMessage message, @Nullable String lostReason, long since,
            int bytes, boolean replayed) {
    }
}
