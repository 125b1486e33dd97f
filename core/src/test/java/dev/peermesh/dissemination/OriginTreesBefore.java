package dev.peermesh.dissemination;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * {@link OriginTrees} as it was before its trees kept their links by slot (commit 1dd07eb), each tree with arrays
 * of its own links and places: the model {@code OriginTreesTest} checks the present one against.
 */
final class OriginTreesBefore {

    /** What {@link #duplicate} and {@link #pull} answer when there is no link to prune; no link has this id. */
    static final long NO_LINK = Long.MIN_VALUE;

    /** Hops of a parent whose copy has not arrived yet (it was pulled, or took over after a first copy). */
    private static final int UNKNOWN_HOPS = Integer.MAX_VALUE;

    /**
     * First copies of an origin's messages after which its parent moves to a shorter announced path: below it the
     * origin counts as occasional and its tree stays as the default tree gave it.
     */
    static final int BUSY = 16;

    /** Access order: past {@code maxOrigins} the least recently used origin's tree is forgotten. */
    private final LongLruMap<Tree> trees;

    /** Each link's last tree decision, for any origin: {@code true} on the tree, {@code false} off it. */
    private final DefaultTree defaults = new DefaultTree();

    /** Whether undecided links follow {@link #defaults}; when not, they are on (a new origin floods). */
    private final boolean followDefault;

    /** Links on the default tree that went down and that no new link has replaced yet. */
    private int torn;

    OriginTreesBefore(int maxOrigins, boolean followDefault) {
        this.followDefault = followDefault;
        this.trees = new LongLruMap<>(maxOrigins, true, null);
    }

    /** Whether the origin's payloads go to the link: a child, or undecided and on the default tree; not the parent. */
    boolean onTree(long origin, long link) {
        Tree tree = trees.get(origin);
        if (tree == null) {
            return defaultOn(link);
        }
        if (tree.isParent(link)) {
            return false;
        }
        Place place = tree.links.get(link);
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
        if (tree.isParent(link)) {
            return false;
        }
        Place place = tree.links.get(link);
        if (place == null) {
            place = (own && followDefault && !onDefaultTree()) || defaultOn(link) ? Place.CHILD : Place.QUIET;
            tree.links.put(link, place);
        }
        return place == Place.CHILD;
    }

    /** The link the origin's messages come on, or {@code null}: none yet, or this node's own messages. */
    @Nullable Long parent(long origin) {
        Tree tree = trees.get(origin);
        return tree == null || !tree.hasParent ? null : tree.parent;
    }

    /** Whether the origin's messages come on a link known here: {@link #parent} is not {@code null}, unboxed. */
    boolean hasParent(long origin) {
        Tree tree = trees.get(origin);
        return tree != null && tree.hasParent;
    }

    /** A first copy of the origin's message arrived on the link, having crossed {@code hops} links: its parent. */
    void firstCopy(long origin, long link, int hops) {
        Tree tree = tree(origin);
        if (tree.copies < BUSY) {
            tree.copies++;
        }
        if (tree.hasParent && !tree.isParent(link)) {
            // The former parent was slower (or no longer sends); if its copy still comes, the duplicate decides
            // by hops which of the two stays.
            tree.links.put(tree.parent, Place.QUIET);
        }
        parent(tree, link, hops);
    }

    /**
     * A duplicate of the origin's message arrived on the link, having crossed {@code hops} links. Returns the link
     * to prune (PRUNE naming the origin), or {@link #NO_LINK}: the link with more hops — the former parent when the
     * duplicate's path is shorter, else the duplicate's own link unless it was pruned already or is the parent.
     */
    long duplicate(long origin, long link, int hops) {
        Tree tree = tree(origin);
        if (tree.isParent(link)) {
            return NO_LINK;
        }
        Place place = tree.links.get(link);
        if ((place == null ? defaultOn(link) : place == Place.CHILD) && tree.sentHops < hops - 1) {
            // a child that pushed its copy before ours reached it: ours crossed fewer links, so it makes us its
            // parent (the rule above, at its end); pruning it here would leave it a parent that sends nothing
            return NO_LINK;
        }
        if (tree.hasParent && hops < tree.parentHops) {
            long former = tree.parent;
            parent(tree, link, hops);
            tree.links.put(former, Place.PRUNED);
            setDefault(former, false);
            return former;
        }
        Place before = tree.links.put(link, Place.PRUNED);
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
        if (!tree.isParent(link)) {
            tree.links.put(link, Place.PRUNED);
        }
        setDefault(link, false);
    }

    /** The peer on the link pulled a message of the origin (GRAFT): it becomes a child, whatever it was. */
    void grafted(long origin, long link) {
        Tree tree = tree(origin);
        if (tree.isParent(link)) {
            tree.hasParent = false;
        }
        tree.links.put(link, Place.CHILD);
        setDefault(link, true);
    }

    /**
     * This node pulls a message of the origin from the link (GRAFT): it becomes the parent. Returns the former parent
     * to prune, or {@link #NO_LINK}: it failed to deliver the message, and left on the tree it would keep pushing
     * copies the new parent now sends.
     */
    long pull(long origin, long link) {
        Tree tree = tree(origin);
        long former = tree.hasParent && !tree.isParent(link) ? tree.parent : NO_LINK;
        if (former != NO_LINK) {
            tree.links.put(former, Place.PRUNED);
            setDefault(former, false);
        }
        if (!tree.isParent(link)) {
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
        return tree != null && tree.hasParent && !tree.isParent(link) && tree.copies >= BUSY
                && tree.parentHops != UNKNOWN_HOPS && hops < tree.parentHops;
    }

    /** Forgets a link that went down, in every origin's tree and in the default tree. */
    void forget(long link) {
        if (defaults.remove(link)) {
            torn++;
        }
        trees.forEachValue(tree -> {
            tree.links.remove(link);
            if (tree.isParent(link)) {
                tree.hasParent = false;
            }
        });
    }

    /** Origins whose trees are remembered. */
    int size() {
        return trees.size();
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
        tree.hasParent = true;
        tree.parent = link;
        tree.parentHops = hops;
        tree.links.remove(link);
    }

    /** One origin's tree at this node. */
    private static final class Tree {

        boolean hasParent;

        long parent;

        /** Links the copy from the parent crossed, last time one came. */
        int parentHops;

        /** First copies received, up to {@link #BUSY}. */
        int copies;

        /** Links the copies this node pushed had crossed, last time it pushed one. */
        int sentHops = UNKNOWN_HOPS;

        /** The decided links other than the parent. */
        final Places links = new Places();

        boolean isParent(long link) {
            return hasParent && parent == link;
        }
    }

    /**
     * The decided links of one origin's tree and their places. A node has a handful of links, so two small arrays
     * searched in order take about 80 bytes where a {@code HashMap} with boxed keys took about 270 — per (node,
     * origin) pair, the largest item of a 10,000-node simulation's heap (docs/simulation.md).
     */
    private static final class Places {

        private long[] links = new long[4];

        private Place[] places = new Place[4];

        private int size;

        @Nullable Place get(long link) {
            int i = indexOf(link);
            return i < 0 ? null : places[i];
        }

        /** Sets the link's place; returns the one it had, or {@code null}. */
        @Nullable Place put(long link, Place place) {
            int i = indexOf(link);
            if (i >= 0) {
                Place before = places[i];
                places[i] = place;
                return before;
            }
            if (size == links.length) {
                links = Arrays.copyOf(links, size * 2);
                places = Arrays.copyOf(places, size * 2);
            }
            links[size] = link;
            places[size] = place;
            size++;
            return null;
        }

        void remove(long link) {
            int i = indexOf(link);
            if (i >= 0) {
                size--;
                links[i] = links[size];
                places[i] = places[size];
                places[size] = null;
            }
        }

        private int indexOf(long link) {
            for (int i = 0; i < size; i++) {
                if (links[i] == link) {
                    return i;
                }
            }
            return -1;
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
