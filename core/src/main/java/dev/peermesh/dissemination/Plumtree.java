package dev.peermesh.dissemination;

import dev.peermesh.MessageId;
import dev.peermesh.PropagationFilter;
import dev.peermesh.wire.Frame;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Epidemic broadcast trees (Plumtree; Leitão, Pereira and Rodrigues, SRDS 2007). Payloads travel eagerly along a
 * spanning tree that emerges from the overlay, one tree per origin ({@link OriginTrees}); every other neighbor only
 * hears the message id, lazily and in batches (IHAVE). The link a first copy came on is the origin's parent and never
 * gets its payloads back; a duplicate keeps the path with fewer hops and prunes the other link out of the origin's
 * tree (PRUNE naming the origin); a node that hears of a message it lacks waits, then pulls it from an announcer
 * (GRAFT), which becomes its parent (the former one is pruned) and makes it a child. The trees so heal themselves
 * after failures, and each payload crosses each node about once. Announcements go out as ranges per origin
 * ({@link Announcements}). The pull path ({@link Pulls}) keeps per-origin watermarks checked by one repair timer,
 * waits as long as payloads lately trailed their announcements, and puts a pull off while the origin's earlier
 * messages are still arriving in order (the payload is behind them on a busy tree link), so a loaded mesh does not
 * pull everything twice. A link can also be taken off the tree for every origin (PRUNE naming none).
 *
 * <p>Messages that stay missing — every announcer tried, or a gap in an origin's sequence still open after the
 * repair window — are reported as lost through the sink, never dropped silently.
 *
 * <p>{@code DisseminationFactory tree = sink -> new Plumtree(seen, cache, PropagationFilter.ALL, options, sink);}
 */
public final class Plumtree implements Dissemination {

    private static final long FLUSH = 0;

    /** Own messages announced only, in a row, after which a neighbor is put back on this node's own tree. */
    static final int ANNOUNCED_ONLY_LIMIT = 64;

    private static final long REPAIR = 1;

    private static final long HOLDS = 2;

    /** Origins whose own trees are remembered; see {@link OriginTrees}. */
    static final int MAX_TREES = 4096;

    /**
     * Timing of the tree's repair.
     *
     * @param graftTimeoutMillis how long a node waits for a payload after its first announcement before pulling it;
     *        with {@code adaptiveWait} the longest it waits: the wait follows how late the origin's payloads lately
     *        trailed their announcements, from {@code ihaveIntervalMillis}
     * @param graftRetryMillis how long it waits after the first pull before trying the next announcer; each further
     *        wait doubles
     * @param ihaveIntervalMillis how long announcements are batched before they are sent
     * @param maxGraftAttempts pulls tried for one message before it is reported lost
     * @param repairTicks maintenance ticks a gap in an origin's sequence may stay open before it is reported lost
     * @param adaptiveWait whether the first wait follows each origin's measured payload lag ({@link PayloadLag})
     *        rather than being {@code graftTimeoutMillis}
     * @param newOriginsFollowTree whether a new origin's first messages follow the default tree ({@link OriginTrees})
     *        rather than every link
     */
    public record Options(long graftTimeoutMillis, long graftRetryMillis, long ihaveIntervalMillis,
            int maxGraftAttempts, long repairTicks, boolean adaptiveWait, boolean newOriginsFollowTree) {

        /** Fixed waits ({@link #adaptiveWait} off); new origins flood. */
        public Options(long graftTimeoutMillis, long graftRetryMillis, long ihaveIntervalMillis, int maxGraftAttempts,
                long repairTicks) {
            this(graftTimeoutMillis, graftRetryMillis, ihaveIntervalMillis, maxGraftAttempts, repairTicks, false,
                    false);
        }

        /**
         * As {@code MeshSettings}' defaults: 120 ms to the first pull, then 100 ms doubling; 20 ms announcement
         * batches; 7 pulls (≈ 6.4 s); 5 ticks; fixed waits; new origins follow the default tree.
         */
        public static Options defaults() {
            return new Options(120, 100, 20, 7, 5, false, true);
        }
    }

    private final DuplicateCache seen;
    private final MessageCache cache;
    private final LocalGate local;
    private final Options options;
    private final DisseminationSink sink;

    private final LinkSet eager = new LinkSet();
    private final LinkSet lazy = new LinkSet();
    private final OriginTrees trees;
    private final Announcements announcements;
    private final Pulls pulls;
    private final TreeHolds holds;

    private long published;
    private long forwarded;
    private long duplicates;
    private long hopLimited;
    private long unrouted;
    private long prunes;
    private long lost;

    /** This node's own messages in a row that no neighbor's link took as payload; see {@link #keepOwnChild}. */
    private int announcedOnly;

    public Plumtree(DuplicateCache seen, MessageCache cache, PropagationFilter filter, Options options,
            DisseminationSink sink) {
        this.seen = seen;
        this.cache = cache;
        this.local = new LocalGate(filter, sink);
        this.options = options;
        this.trees = new OriginTrees(MAX_TREES, options.newOriginsFollowTree());
        this.sink = sink;
        this.announcements = new Announcements(sink, options.ihaveIntervalMillis() / 2);
        this.pulls = new Pulls(seen, options, sink, new Pulls.Tree() {
            @Override
            public void pulling(long link, long origin) {
                Plumtree.this.pulling(link, origin);
            }

            @Override
            public boolean settled(long origin) {
                return trees.hasParent(origin);
            }

            @Override
            public boolean orphaned(long origin) {
                return trees.orphaned(origin);
            }

            @Override
            public boolean child(long origin, long link) {
                return onTree(origin, link);
            }
        }, REPAIR);
        this.holds = new TreeHolds(sink, HOLDS, new TreeHolds.Trees() {
            @Override
            public long parent(long origin) {
                return trees.parentLink(origin);
            }

            @Override
            public boolean child(long origin, long link) {
                return eager.contains(link) && trees.onTree(origin, link);
            }
        }, MAX_TREES);
    }

    @Override
    public void neighborUp(long link) {
        lazy.remove(link);
        eager.add(link);
        if (trees.linkUp(link)) {
            sink.send(link, new Frame.Graft(List.of())); // cut off from the tree: the peer puts the link on it too
        }
        pulls.linkUp(link);
    }

    @Override
    public void neighborDown(long link) {
        eager.remove(link);
        lazy.remove(link);
        trees.forget(link);
        announcements.forget(link);
        pulls.linkDown(link);
        holds.linkDown(link);
    }

    @Override
    public void publish(Frame.Data message) {
        seen.firstSighting(message.origin(), message.sequence());
        published++;
        if (published == 1) {
            holds.self(message.origin());
        }
        if (local.pass(message, 0, PropagationFilter.Origin.LOCAL)) {
            if (eager.isEmpty() && lazy.isEmpty()) {
                unrouted++;
            }
            else {
                keepOwnChild(message.origin());
            }
            push(0, message, message);
            cache.put(message); // after the push: a cache growing (arrays, chunks) does not hold up the first copies
        }
    }

    @Override
    public void receive(long link, Frame.Data message) {
        pulls.heard(link);
        if (seen.contains(message.origin(), message.sequence())) {
            duplicates++;
            if (eager.contains(link)) {
                long redundant = trees.duplicate(message.origin(), link, message.hops());
                if (redundant != OriginTrees.NO_LINK) {
                    prune(redundant, message.origin());
                }
            }
            return;
        }
        if (!sink.authentic(link, message)) {
            return; // not marked seen: a genuine copy may still come, by push or pull
        }
        seen.firstSighting(message.origin(), message.sequence());
        pulls.received(link, message.origin(), message.sequence());
        if (trees.firstCopy(message.origin(), link, message.hops())) {
            pulls.adopted(message.origin(), message.sequence()); // an orphan's first copy since: its new parent
        }
        if (lazy.remove(link)) {
            eager.add(link);
        }
        boolean onward = local.pass(message, message.hops(), PropagationFilter.Origin.REMOTE);
        if (sink.deliveryBacklogged()) {
            holds.congested(message.origin(), TreeHolds.LOCAL_DELIVERY, link); // pause it until deliveries catch up
        }
        if (!onward) {
            return;
        }
        if (message.hopLimit() != 0 && message.hops() >= message.hopLimit()) {
            hopLimited++;
            return;
        }
        Frame.Data forwarded = message.forwarded();
        push(link, forwarded, message);
        cache.put(forwarded);
    }

    @Override
    public void receiveControl(long link, Frame frame) {
        if (!eager.contains(link) && !lazy.contains(link)) {
            return;
        }
        pulls.heard(link);
        if (frame instanceof Frame.IHave ihave) {
            List<Frame.Announcement> announced = ihave.announcements(); // walked by index: no iterator per frame
            for (int i = 0; i < announced.size(); i++) {
                Frame.Announcement announcement = announced.get(i);
                pulls.announced(link, announcement);
                if (trees.shorterPath(announcement.origin(), link, announcement.hops())
                        && seen.contains(announcement.origin(), announcement.last())) {
                    move(link, announcement);
                }
            }
        }
        else if (frame instanceof Frame.Graft graft) {
            lazy.remove(link);
            eager.add(link);
            if (graft.ids().isEmpty()) {
                trees.joined(link);
            }
            List<MessageId> ids = graft.ids();
            for (int i = 0; i < ids.size(); i++) {
                trees.grafted(ids.get(i).origin(), link);
            }
            // answered even on a congested link: the asker has no other copy coming, and withholding it turned a
            // long congestion (a subscriber that stalled its node) into messages given up as lost; the link's
            // backlog limit still bounds what piles up
            for (int i = 0; i < ids.size(); i++) {
                Frame.Data message = cache.get(ids.get(i));
                if (message != null && sink.fits(link, message)) {
                    forwarded++;
                    sink.send(link, message); // cached as the tree links got it
                }
            }
        }
        else if (frame instanceof Frame.Pause pause) {
            holds.paused(link, pause.hops(), pause.origins());
        }
        else if (frame instanceof Frame.Resume resume) {
            holds.resumed(link, resume.origins());
        }
        else if (frame instanceof Frame.Prune prune) {
            if (prune.origins().isEmpty()) {
                if (eager.remove(link)) {
                    lazy.add(link);
                }
            }
            else {
                for (long origin : prune.origins()) {
                    trees.pruned(origin, link);
                }
            }
        }
    }

    @Override
    public void onTimer(long token) {
        if (token == FLUSH) {
            announcements.flush();
        }
        else if (token == REPAIR) {
            pulls.repair();
        }
        else if (token == HOLDS) {
            holds.check();
        }
    }

    @Override
    public void tick() {
        pulls.tick();
        seen.tick();
        cache.tick();
        seen.expireGaps(options.repairTicks(), (origin, sequence) -> {
            MessageId id = new MessageId(origin, sequence);
            lost++;
            sink.lost(id, "it never arrived and could not be repaired in time");
        });
    }

    @Override
    public DisseminationCounters counters() {
        return new DisseminationCounters(published, local.delivered(), forwarded, duplicates, hopLimited,
                local.filtered(), unrouted, seen.origins(), seen.windowSkips(), announcements.announced(),
                pulls.pulled(), prunes, lost + pulls.lost(), holds.pausesSent(), holds.ignored(), holds.stalls());
    }

    /** Pulls put off because the origin's earlier messages were still arriving in order. */
    public long postponed() {
        return pulls.postponed();
    }

    /** How long a first pull now waits after an announcement, in ms: follows how late payloads trail them. */
    long graftWaitMillis() {
        return pulls.waitMillis();
    }

    /** Whether payloads of this origin go to this link (rather than announcements only). */
    public boolean onTree(long origin, long link) {
        return eager.contains(link) && trees.onTree(origin, link);
    }

    /** The link this origin's messages come on (never pushed back up), or {@code null}; for tests. */
    @Nullable Long parent(long origin) {
        return trees.parent(origin);
    }

    /** Links in the tree (eager) and off it (lazy) for every origin, for tests and the state view. */
    public List<Set<Long>> links() {
        return List.of(Set.copyOf(eager.toSet()), Set.copyOf(lazy.toSet()));
    }

    /**
     * Payload to the tree links, announcement to the others; never back to {@code from}. A tree link over the hard
     * payload cap ({@link DisseminationSink#overPayloadCap}) gets the announcement too: a relay does not pile payloads
     * on a link that cannot take them, its peer pulls the message when it misses it, and the link stays on the tree.
     * Below the cap a congested tree link still gets the payload. A neighbor whose maximum message size is below the
     * message's gets neither: it could not take the payload, and an announcement would only have it pull
     * in vain until it gave up; it reports the gap in the origin's sequence as lost instead.
     */
    private void push(long from, Frame.Data outgoing, Frame.Data received) {
        long origin = received.origin();
        trees.pushed(origin, outgoing.hops());
        if (from != 0 && holds.any()) {
            holds.arrived(origin, from);
        }
        for (int i = 0; i < eager.size(); i++) {
            long link = eager.get(i);
            if (link == from || !sink.fits(link, outgoing)) {
                continue;
            }
            boolean child = trees.pushTo(origin, link, from == 0);
            if (child && from != 0 && sink.congested(link)) {
                holds.congested(origin, link, from); // the origin holds back, up its tree
            }
            if (child && !sink.overPayloadCap(link)) {
                forwarded++;
                sink.send(link, outgoing);
                announcements.sendWith(link);
            }
            else {
                announce(link, received.origin(), received.sequence(), outgoing.hops());
            }
        }
        for (int i = 0; i < lazy.size(); i++) {
            long link = lazy.get(i);
            if (link != from && sink.fits(link, outgoing)) {
                announce(link, received.origin(), received.sequence(), outgoing.hops());
            }
        }
    }

    /**
     * This node's own messages do not go on being announced only: after {@link #ANNOUNCED_ONLY_LIMIT} in a row that no
     * eager link's tree took (every neighbor pruned it, or none is on the default tree), the first eager link, else the
     * first lazy one, is put back on the node's own tree. A few announced messages are pulled at the cost of one
     * payload each; announced for good, they left every neighbor to pull them from a cache they soon left, and no
     * link filled to hold the publisher back: in a saturated 8-node benchmark one node published a million messages a
     * second, sent almost none of them and stalled the mesh with pulls (docs/benchmarks.md).
     */
    private void keepOwnChild(long self) {
        for (int i = 0; i < eager.size(); i++) {
            if (trees.pushTo(self, eager.get(i), true)) {
                announcedOnly = 0;
                return;
            }
        }
        if (++announcedOnly < ANNOUNCED_ONLY_LIMIT) {
            return;
        }
        announcedOnly = 0;
        long link = eager.isEmpty() ? lazy.get(0) : eager.get(0);
        lazy.remove(link);
        eager.add(link);
        trees.grafted(self, link);
    }

    private void prune(long link, long origin) {
        prunes++;
        sink.send(link, new Frame.Prune(List.of(origin)));
    }

    private void announce(long link, long origin, long sequence, int hops) {
        if (announcements.add(link, origin, sequence, hops)) {
            sink.schedule(FLUSH, options.ihaveIntervalMillis());
        }
    }

    /**
     * The announcer offers a shorter path to a busy origin: it becomes the parent (a GRAFT naming the last message
     * it announced, which this node has, so it costs one copy), the former parent is pruned.
     */
    private void move(long announcer, Frame.Announcement announcement) {
        pulling(announcer, announcement.origin());
        trees.moved(announcement.origin(), announcement.hops());
        sink.send(announcer, new Frame.Graft(List.of(new MessageId(announcement.origin(), announcement.last()))));
    }

    /** A pull's tree decision: the announcer goes on the tree as the origin's parent; the former one is pruned. */
    private void pulling(long announcer, long origin) {
        lazy.remove(announcer);
        eager.add(announcer);
        long former = trees.pull(origin, announcer);
        if (former != OriginTrees.NO_LINK && eager.contains(former)) {
            prune(former, origin);
        }
    }
}
