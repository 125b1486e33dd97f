package dev.peermesh.dissemination;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * One broadcast tree per origin, as this node sees it: the origin's <em>parent</em> (the link its messages come on,
 * never pushed back up) and, for each other link, whether it is a <em>child</em> (payloads go there) or off the tree
 * (announcements only). With every node publishing, one shared tree cannot work: each node sees duplicates from
 * several origins on different links and would prune them all. Per origin, a duplicate only ever prunes a redundant
 * link of that origin's tree.
 *
 * <p>A link an origin's tree has not decided yet is on it, so a new origin's first messages go to every link and the
 * duplicates they cause shape its tree ({@code peermesh.tree.new-origins=flood}, the default). With
 * {@code follow-tree} such a link instead follows the node's <em>default tree</em>: each link's last tree
 * decision, for any origin (on when it last became a parent or child, off when it was last pruned). A new origin's
 * first messages so follow the tree the node already has instead of flooding every link, and since every origin's
 * tree is seeded from the same links at both ends of each link, the trees stay one spanning tree that only its
 * repairs (GRAFT) and prunes reshape. A new link is on the default tree only where the node is <em>cut off</em> from
 * the tree: it has no link on it yet, or a link on it went down and no new link has replaced it. Such a node asks
 * the peer to put the link on at its end too (a GRAFT naming no message; {@link #linkUp}); any other new link starts
 * off, so joins and the links that replace crashed neighbors do not close cycles in the tree (under churn they were
 * most of the duplicates; docs/engine.md). While a node has no link on the tree, its own messages go to every link.
 *
 * <p>A duplicate keeps the path with fewer hops: a copy that crossed fewer links than the parent's makes its link
 * the parent and prunes the former one; a copy with as many hops or more is pruned, so equal paths do not oscillate.
 *
 * <p>Bounded: past {@code maxOrigins}, the least recently used origin's tree is forgotten; its next message is seeded
 * from the default tree again. The default tree holds one entry per neighbor link. Not thread-safe: owned by the
 * protocol thread.
 */
final class OriginTrees {

    /** What {@link #duplicate} and {@link #pull} answer when there is no link to prune; no link has this id. */
    static final long NO_LINK = Long.MIN_VALUE;

    /** {@link Tree#parent} of an origin whose parent link went down and that has none since; see {@link #orphaned}. */
    private static final int ORPHANED = -2;

    /** Hops of a parent whose copy has not arrived yet (it was pulled, or took over after a first copy). */
    private static final int UNKNOWN_HOPS = Integer.MAX_VALUE;

    /**
     * First copies of an origin's messages after which its parent moves to a shorter announced path: below it the
     * origin counts as occasional and its tree stays as the default tree gave it.
     */
    static final int BUSY = 16;

    /** Slots whose places one {@code long} of a tree holds, two bits each. */
    private static final int SLOTS_PER_WORD = 32;

    private static final Place[] PLACES = Place.values();

    /** Access order: past {@code maxOrigins} the least recently used origin's tree is forgotten. */
    private final LongLruMap<Tree> trees;

    /** Each link's last tree decision, for any origin: {@code true} on the tree, {@code false} off it. */
    private final DefaultTree defaults = new DefaultTree();

    /** Whether undecided links follow {@link #defaults}; when not, they are on (a new origin floods). */
    private final boolean followDefault;

    /** Links on the default tree that went down and that no new link has replaced yet. */
    private int torn;

    /** The links the remembered trees name (as parent or with a place), by the slots the trees keep them in. */
    private final LinkSlots slots = new LinkSlots();

    OriginTrees(int maxOrigins, boolean followDefault) {
        this.followDefault = followDefault;
        this.trees = new LongLruMap<>(maxOrigins, true, null);
    }

    /** Whether the origin's payloads go to the link: a child, or undecided and on the default tree; not the parent. */
    boolean onTree(long origin, long link) {
        Tree tree = trees.get(origin);
        if (tree == null) {
            return defaultOn(link);
        }
        if (isParent(tree, link)) {
            return false;
        }
        Place place = place(tree, link);
        return place == null ? defaultOn(link) : place == Place.CHILD;
    }

    /**
     * Whether the origin's payloads go to the link, fixing an undecided link's place in the origin's tree from the
     * default tree, so that the default changing later (for another origin) does not reshape this origin's tree.
     * The node's {@code own} messages go to every link while it has no link on the default tree: a node that only
     * reached the tree through a peer that has since crashed would otherwise send them nowhere.
     */
    boolean pushTo(long origin, long link, boolean own) {
        Tree tree = tree(origin);
        if (isParent(tree, link)) {
            return false;
        }
        Place place = place(tree, link);
        if (place == null) {
            place = (own && followDefault && !onDefaultTree()) || defaultOn(link) ? Place.CHILD : Place.QUIET;
            put(tree, link, place);
        }
        return place == Place.CHILD;
    }

    /** The link the origin's messages come on, or {@code null}: none yet, or this node's own messages. */
    @Nullable Long parent(long origin) {
        long link = parentLink(origin);
        return link == NO_LINK ? null : link;
    }

    /** {@link #parent}, unboxed: {@link #NO_LINK} where that is {@code null}. */
    long parentLink(long origin) {
        Tree tree = trees.get(origin);
        return tree == null || tree.parent < 0 ? NO_LINK : slots.link(tree.parent);
    }

    /** Whether the origin's messages come on a link known here: {@link #parent} is not {@code null}, unboxed. */
    boolean hasParent(long origin) {
        Tree tree = trees.get(origin);
        return tree != null && tree.parent >= 0;
    }

    /**
     * Whether the origin's parent link went down, or the parent pulled a message of it from this node (so made this
     * node its own parent), and no other link has become its parent since: its payloads are not coming by push any
     * more (every other neighbor only announces them), so waiting for them only makes them late. Not so for an origin
     * that never had a parent here: its first messages take the default tree.
     */
    boolean orphaned(long origin) {
        Tree tree = trees.get(origin);
        return tree != null && tree.parent == ORPHANED;
    }

    /**
     * A first copy of the origin's message arrived on the link, having crossed {@code hops} links: its parent.
     * Answers whether the origin was {@linkplain #orphaned orphaned} until now.
     */
    boolean firstCopy(long origin, long link, int hops) {
        Tree tree = tree(origin);
        boolean wasOrphaned = tree.parent == ORPHANED;
        if (tree.copies < BUSY) {
            tree.copies++;
        }
        if (tree.parent >= 0 && !isParent(tree, link)) {
            // The former parent was slower (or no longer sends); if its copy still comes, the duplicate decides
            // by hops which of the two stays.
            tree.put(tree.parent, Place.QUIET);
        }
        parent(tree, link, hops);
        return wasOrphaned;
    }

    /**
     * A duplicate of the origin's message arrived on the link, having crossed {@code hops} links. Returns the link
     * to prune (PRUNE naming the origin), or {@link #NO_LINK}: the link with more hops — the former parent when the
     * duplicate's path is shorter, else the duplicate's own link unless it was pruned already or is the parent.
     */
    long duplicate(long origin, long link, int hops) {
        Tree tree = tree(origin);
        if (isParent(tree, link)) {
            return NO_LINK;
        }
        Place place = place(tree, link);
        if ((place == null ? defaultOn(link) : place == Place.CHILD) && tree.sentHops < hops - 1) {
            // a child that pushed its copy before ours reached it: ours crossed fewer links, so it makes us its
            // parent (the rule above, at its end); pruning it here would leave it a parent that sends nothing
            return NO_LINK;
        }
        if (tree.parent >= 0 && hops < tree.parentHops) {
            int formerSlot = tree.parent;
            long former = slots.link(formerSlot);
            parent(tree, link, hops);
            tree.put(formerSlot, Place.PRUNED);
            setDefault(former, false);
            return former;
        }
        Place before = put(tree, link, Place.PRUNED);
        if (before == Place.PRUNED) {
            return NO_LINK; // pruned already, and told: the default tree changes with a PRUNE only, at both ends
        }
        setDefault(link, false);
        return link;
    }

    /** This node sent the origin's latest message to its children having crossed {@code hops} links. */
    void pushed(long origin, int hops) {
        tree(origin).sentHops = hops;
    }

    /** The peer on the link pruned the origin's tree: no payloads of it go there. A parent stays the parent. */
    void pruned(long origin, long link) {
        Tree tree = tree(origin);
        if (!isParent(tree, link)) {
            put(tree, link, Place.PRUNED);
        }
        setDefault(link, false);
    }

    /** The peer on the link pulled a message of the origin (GRAFT): it becomes a child, whatever it was. */
    void grafted(long origin, long link) {
        Tree tree = tree(origin);
        if (isParent(tree, link)) {
            tree.parent = ORPHANED; // the parent pulled from this node: it pushes nothing here any more
        }
        put(tree, link, Place.CHILD);
        setDefault(link, true);
    }

    /**
     * This node pulls a message of the origin from the link (GRAFT): it becomes the parent. Returns the former parent
     * to prune, or {@link #NO_LINK}: it failed to deliver the message, and left on the tree it would keep pushing
     * copies the new parent now sends.
     */
    long pull(long origin, long link) {
        Tree tree = tree(origin);
        long former = tree.parent >= 0 && !isParent(tree, link) ? slots.link(tree.parent) : NO_LINK;
        if (former != NO_LINK) {
            tree.put(tree.parent, Place.PRUNED);
            setDefault(former, false);
        }
        if (!isParent(tree, link)) {
            parent(tree, link, UNKNOWN_HOPS);
        }
        setDefault(link, true);
        return former;
    }

    /** Sets the parent's hops as announced, after a move to a shorter path. */
    void moved(long origin, int hops) {
        tree(origin).parentHops = hops;
    }

    /**
     * A new link came up. Returns whether it goes on the default tree at this end, because the node is cut off from
     * the tree (no link on it, or one went down unreplaced): then the peer must be asked to put it on at its end too
     * (a GRAFT naming no message, {@link #joined} there). Any other new link starts off the default tree.
     */
    boolean linkUp(long link) {
        if (!followDefault) {
            return false;
        }
        boolean cutOff = torn > 0 || !onDefaultTree();
        if (torn > 0) {
            torn--; // this link replaces one that went down
        }
        defaults.put(link, cutOff);
        return cutOff;
    }

    /** The peer on the link is cut off from the tree and asked for it (a GRAFT naming no message): it goes on. */
    void joined(long link) {
        setDefault(link, true);
    }

    /**
     * The link announced the origin's messages having crossed {@code hops} links: whether the parent should move
     * there — a shorter path than the parent's, for an origin busy enough that a move is worth the one copy it
     * pulls (Plumtree's optimisation, for {@link #BUSY} origins only: with many occasional senders each move would
     * cost a payload per node and origin). Only where new origins follow the default tree: with {@code flood} the
     * first copies' race already gave each origin its shortest paths.
     */
    boolean shorterPath(long origin, long link, int hops) {
        if (!followDefault) {
            return false;
        }
        Tree tree = trees.get(origin);
        return tree != null && tree.parent >= 0 && !isParent(tree, link) && tree.copies >= BUSY
                && tree.parentHops != UNKNOWN_HOPS && hops < tree.parentHops;
    }

    /** Forgets a link that went down, in every origin's tree and in the default tree. */
    void forget(long link) {
        if (defaults.remove(link)) {
            torn++;
        }
        int slot = slots.slotOf(link);
        if (slot < 0) {
            return; // no tree names it
        }
        trees.forEachValue(tree -> {
            tree.put(slot, null);
            if (tree.parent == slot) {
                tree.parent = ORPHANED;
            }
        });
        slots.free(slot);
    }

    /** Origins whose trees are remembered. */
    int size() {
        return trees.size();
    }

    /** Slots in the link table, free or not. */
    int slots() {
        return slots.size();
    }

    /** Records the link's place on the default tree; only kept when new origins follow it. */
    private void setDefault(long link, boolean on) {
        if (followDefault) {
            defaults.put(link, on);
        }
    }

    /** Whether any link is on the default tree. */
    private boolean onDefaultTree() {
        return defaults.anyOn();
    }

    private boolean defaultOn(long link) {
        return !followDefault || defaults.on(link);
    }

    private Tree tree(long origin) {
        Tree tree = trees.get(origin);
        if (tree == null) {
            tree = new Tree();
            trees.put(origin, tree);
        }
        return tree;
    }

    private void parent(Tree tree, long link, int hops) {
        int slot = slotFor(link);
        tree.parent = slot;
        tree.parentHops = hops;
        tree.put(slot, null);
    }

    private boolean isParent(Tree tree, long link) {
        return tree.parent >= 0 && slots.link(tree.parent) == link;
    }

    private @Nullable Place place(Tree tree, long link) {
        int slot = slots.slotOf(link);
        return slot < 0 ? null : tree.place(slot);
    }

    /** Sets the link's place in the tree; returns the one it had, or {@code null}. */
    private @Nullable Place put(Tree tree, long link, Place place) {
        return tree.put(slotFor(link), place);
    }

    /** The link's slot, given one if it has none (freeing the slots no remembered tree names, when full). */
    private int slotFor(long link) {
        return slots.slotFor(link, named -> trees.forEachValue(tree -> tree.mark(named)));
    }

    /**
     * One origin's tree at this node: its parent and the places of its decided links, by the links' slots in
     * {@link LinkSlots}. About 40 bytes; a tree that kept its links' ids and places in arrays of its own took about
     * 144 in four objects — per (node, origin) pair, the largest item of a 10,000-node simulation's heap
     * (docs/simulation.md).
     */
    private static final class Tree {

        /** The parent's slot, or -1: none yet, or this node's own messages; or {@link #ORPHANED}. */
        int parent = -1;

        /** Links the copy from the parent crossed, last time one came. */
        int parentHops;

        /** First copies received, up to {@link #BUSY}. */
        int copies;

        /** Links the copies this node pushed had crossed, last time it pushed one. */
        int sentHops = UNKNOWN_HOPS;

        /** Two bits per slot below {@value #SLOTS_PER_WORD}: 0 undecided, else a {@link Place}'s ordinal + 1. */
        long places;

        /** The same for the slots from {@value #SLOTS_PER_WORD} on, a word per {@value #SLOTS_PER_WORD}; rarely any. */
        long @Nullable [] morePlaces;

        /** Marks the slots this tree names: its parent's and those with a place. */
        void mark(boolean[] named) {
            if (parent >= 0) {
                named[parent] = true;
            }
            for (int slot = 0; slot < named.length; slot++) {
                named[slot] |= place(slot) != null;
            }
        }

        @Nullable Place place(int slot) {
            int word = slot / SLOTS_PER_WORD;
            long bits = word == 0 ? places
                    : morePlaces == null || word > morePlaces.length ? 0 : morePlaces[word - 1];
            int code = (int) (bits >>> (slot % SLOTS_PER_WORD * 2)) & 3;
            return code == 0 ? null : PLACES[code - 1];
        }

        /** Sets the slot's place ({@code null}: undecided); returns the one it had, or {@code null}. */
        @Nullable Place put(int slot, @Nullable Place place) {
            Place before = place(slot);
            int word = slot / SLOTS_PER_WORD;
            int shift = slot % SLOTS_PER_WORD * 2;
            long code = place == null ? 0 : place.ordinal() + 1;
            if (word == 0) {
                places = places & ~(3L << shift) | code << shift;
                return before;
            }
            if (morePlaces == null || word > morePlaces.length) {
                if (code == 0) {
                    return before;
                }
                morePlaces = morePlaces == null ? new long[word] : Arrays.copyOf(morePlaces, word);
            }
            morePlaces[word - 1] = morePlaces[word - 1] & ~(3L << shift) | code << shift;
            return before;
        }
    }

    /** Where a link other than the parent stands in one origin's tree. */
    private enum Place {

        /** Payloads go there. */
        CHILD,

        /**
         * Off the tree, and the peer was not told: it was off the default tree when the origin's first message was
         * pushed, or it was the parent until a faster copy came. A copy that still comes on it is pruned.
         */
        QUIET,

        /** Off the tree, and the peer knows (PRUNE sent or received). */
        PRUNED
    }
}
