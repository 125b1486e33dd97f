package dev.peermesh.sim;

import dev.peermesh.PeerAddress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The running nodes of a simulation, for drawing at random: an array of node indices with each node's position, so
 * adding, removing and drawing cost O(1) at any size.
 *
 * <p>{@code SimNode origin = live.random(); List<SimNode> victims = live.random(500);}
 */
final class LiveNodes {

    private final List<SimNode> nodes;
    private final SplittableRandom random;
    private int[] live = new int[1024];
    /** {@code position[index]}: where node {@code index} is in {@code live}, or -1. */
    private int[] position = new int[1024];
    private int count;

    /** Draws from {@code nodes} (all nodes ever, by index) with {@code random}. */
    LiveNodes(List<SimNode> nodes, SplittableRandom random) {
        this.nodes = nodes;
        this.random = random;
    }

    void add(SimNode node) {
        if (count == live.length) {
            live = Arrays.copyOf(live, count * 2);
        }
        if (node.index >= position.length) {
            position = Arrays.copyOf(position, Math.max(position.length * 2, node.index + 1));
        }
        position[node.index] = count;
        live[count++] = node.index;
    }

    void remove(SimNode node) {
        int at = position[node.index];
        int last = live[--count];
        live[at] = last;
        position[last] = at;
        position[node.index] = -1;
    }

    int count() {
        return count;
    }

    /** In index order. */
    List<SimNode> sorted() {
        int[] indices = Arrays.copyOf(live, count);
        Arrays.sort(indices);
        List<SimNode> out = new ArrayList<>(count);
        for (int index : indices) {
            out.add(nodes.get(index));
        }
        return out;
    }

    /** A running node chosen at random. */
    SimNode random() {
        if (count == 0) {
            throw new IllegalStateException("No node is running");
        }
        return nodes.get(live[random.nextInt(count)]);
    }

    /** {@code wanted} distinct running nodes chosen at random (all of them when fewer run). */
    List<SimNode> random(int wanted) {
        int[] pool = Arrays.copyOf(live, count);
        Arrays.sort(pool); // the array's order depends on history; sorting keeps the draw a function of the seed
        int take = Math.min(wanted, pool.length);
        List<SimNode> out = new ArrayList<>(take);
        for (int i = 0; i < take; i++) {
            int j = i + random.nextInt(pool.length - i);
            int swap = pool[i];
            pool[i] = pool[j];
            pool[j] = swap;
            out.add(nodes.get(pool[i]));
        }
        return out;
    }

    /** Addresses of up to {@code max} distinct running nodes other than {@code except} (which may be null). */
    List<PeerAddress> addresses(int max, SimNode except) {
        int pool = count - (except != null && except.running() ? 1 : 0);
        int want = Math.min(max, pool);
        List<PeerAddress> out = new ArrayList<>(Math.max(0, want));
        if (want <= 0) {
            return out;
        }
        if (want * 4 >= count) {
            for (SimNode node : random(count)) {
                if (node != except && out.size() < want) {
                    out.add(node.address);
                }
            }
            return out;
        }
        while (out.size() < want) { // few of many: draw until distinct
            SimNode node = nodes.get(live[random.nextInt(count)]);
            if (node != except && !out.contains(node.address)) {
                out.add(node.address);
            }
        }
        return out;
    }
}
