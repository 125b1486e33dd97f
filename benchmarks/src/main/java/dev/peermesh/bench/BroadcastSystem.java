package dev.peermesh.bench;

/** What a benchmarked group runs: peermesh in either dissemination mode, JGroups, or the raw-Netty bound. */
enum BroadcastSystem {

    /** peermesh with broadcast trees (Plumtree), its default. */
    PEERMESH_TREE("peermesh tree"),
    /** peermesh flooding every message to every neighbour. */
    PEERMESH_FLOOD("peermesh flood"),
    /** JGroups with its stock {@code tcp.xml}. */
    JGROUPS("JGroups tcp.xml"),
    /** Each node writes each message straight to every other node: no protocol. */
    NETTY_BOUND("raw Netty bound");

    private final String label;

    BroadcastSystem(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
