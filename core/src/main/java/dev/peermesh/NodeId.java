package dev.peermesh;

import java.util.random.RandomGenerator;

/**
 * Node ids: random non-zero 64-bit numbers, chosen when a node starts, shown as 16 hex digits.
 *
 * <p>{@code String shown = NodeId.format(node.state().nodeId());}
 */
public final class NodeId {

    private NodeId() {
    }

    /** Draws a fresh non-zero node id; 0 is reserved for "unknown". */
    public static long random(RandomGenerator random) {
        long id;
        do {
            id = random.nextLong();
        }
        while (id == 0);
        return id;
    }

    /** Formats a node id as 16 lower-case hex digits. */
    public static String format(long nodeId) {
        return String.format("%016x", nodeId);
    }

    /** Parses the form {@link #format(long)} writes. */
    public static long parse(String text) {
        return Long.parseUnsignedLong(text, 16);
    }
}
