package dev.peermesh.bench;

import java.util.List;

/**
 * What a benchmarked group runs: peermesh in either dissemination mode (unsigned, or with origin signatures), JGroups,
 * or the raw-Netty bound.
 */
enum BroadcastSystem {

    /** peermesh with broadcast trees (Plumtree), its default. */
    PEERMESH_TREE("peermesh tree"),
    /**
     * peermesh with broadcast trees, a new origin's first messages following the node's default tree
     * ({@code peermesh.tree.new-origins=follow-tree}) instead of flooding.
     */
    PEERMESH_TREE_FOLLOW("peermesh tree, follow-tree"),
    /** peermesh flooding every message to every neighbor. */
    PEERMESH_FLOOD("peermesh flood"),
    /** JGroups with its stock {@code tcp.xml}, {@code tcp_nodelay} on. */
    JGROUPS("JGroups tcp.xml"),
    /** Each node writes each message straight to every other node: no protocol. */
    NETTY_BOUND("raw Netty bound"),
    /** peermesh tree, every message signed by its origin (Ed25519) and verified by every node (trust: keys). */
    PEERMESH_TREE_SIGNED("peermesh tree, signed"),
    /** peermesh flooding, signed and verified likewise. */
    PEERMESH_FLOOD_SIGNED("peermesh flood, signed");

    /** What runs unless {@code --systems} says otherwise. */
    static final List<BroadcastSystem> DEFAULTS = List.of(PEERMESH_TREE, PEERMESH_FLOOD, JGROUPS, NETTY_BOUND);

    private final String label;

    BroadcastSystem(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The signed variant of a peermesh system, or {@code null} for the others. */
    BroadcastSystem signed() {
        return switch (this) {
            case PEERMESH_TREE -> PEERMESH_TREE_SIGNED;
            case PEERMESH_FLOOD -> PEERMESH_FLOOD_SIGNED;
            default -> null;
        };
    }
}
