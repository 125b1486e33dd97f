package dev.peermesh.sim;

import dev.peermesh.Neighbor;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A snapshot of the neighbor graph among the running nodes, as their protocols report it: degrees and connected
 * components. A message can only reach the component of its origin, so this says why a broadcast missed nodes.
 *
 * <p>{@code Overlay overlay = Overlay.of(simulation); assertThat(overlay.components()).isEqualTo(1);}
 *
 * @param nodes running nodes
 * @param minDegree fewest neighbors of any running node
 * @param meanDegree mean neighbors
 * @param maxDegree most neighbors
 * @param components connected components
 * @param largestComponent nodes in the largest component
 * @param isolated nodes without a neighbor
 * @param degreeCounts {@code degreeCounts[d]}: nodes with {@code d} neighbors
 * @param sampledDiameter the largest eccentricity of {@value #DIAMETER_SAMPLES} nodes spread over the index range:
 *        a lower bound of the diameter, in hops
 */
record Overlay(int nodes, int minDegree, double meanDegree, int maxDegree, int components, int largestComponent,
        int isolated, int[] degreeCounts, int sampledDiameter) {

    /** Nodes whose eccentricity (hops to the farthest node of their component) estimates the diameter. */
    static final int DIAMETER_SAMPLES = 8;

    static Overlay of(Simulation simulation) {
        List<SimNode> live = simulation.liveNodes();
        Map<Long, Integer> position = new HashMap<>(live.size() * 2);
        for (int i = 0; i < live.size(); i++) {
            position.put(live.get(i).id, i);
        }
        int[] parent = new int[live.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        int[] degreeCounts = new int[65];
        int[][] adjacency = new int[live.size()][];
        int min = Integer.MAX_VALUE;
        int max = 0;
        long sum = 0;
        for (int i = 0; i < live.size(); i++) {
            List<Neighbor> neighbors = live.get(i).state().neighbors();
            int degree = neighbors.size();
            degreeCounts[Math.min(degree, 64)]++;
            min = Math.min(min, degree);
            max = Math.max(max, degree);
            sum += degree;
            adjacency[i] = new int[degree];
            int k = 0;
            for (Neighbor neighbor : neighbors) {
                Integer other = position.get(neighbor.nodeId());
                if (other != null) {
                    parent[find(parent, i)] = find(parent, other);
                    adjacency[i][k++] = other;
                }
            }
            adjacency[i] = Arrays.copyOf(adjacency[i], k);
        }
        int[] size = new int[parent.length];
        int components = 0;
        int largest = 0;
        for (int i = 0; i < parent.length; i++) {
            int root = find(parent, i);
            if (size[root]++ == 0) {
                components++;
            }
            largest = Math.max(largest, size[root]);
        }
        int n = live.size();
        int diameter = 0;
        for (int s = 0; s < Math.min(n, DIAMETER_SAMPLES); s++) {
            diameter = Math.max(diameter, eccentricity(adjacency, (int) ((long) s * n / DIAMETER_SAMPLES)));
        }
        return new Overlay(n, n == 0 ? 0 : min, n == 0 ? 0 : (double) sum / n, max, components, largest,
                degreeCounts[0], degreeCounts, diameter);
    }

    /** Hops from {@code start} to the farthest node it can reach. */
    private static int eccentricity(int[][] adjacency, int start) {
        int[] distance = new int[adjacency.length];
        Arrays.fill(distance, -1);
        int[] queue = new int[adjacency.length];
        int head = 0;
        int tail = 0;
        queue[tail++] = start;
        distance[start] = 0;
        int farthest = 0;
        while (head < tail) {
            int node = queue[head++];
            farthest = distance[node];
            for (int next : adjacency[node]) {
                if (distance[next] < 0) {
                    distance[next] = distance[node] + 1;
                    queue[tail++] = next;
                }
            }
        }
        return farthest;
    }

    /** One sentence: {@code 1,000 nodes with 3:1 5:999 neighbors, 1 component, diameter ≥ 31 hops}. */
    String describe() {
        return String.format(Locale.ROOT, "%,d nodes with %s neighbors (degree:nodes), %d component(s), "
                + "diameter ≥ %d hops", nodes, degrees(), components, sampledDiameter);
    }

    /** Nodes with each number of neighbors, as {@code degree:count} pairs: {@code 3:12 4:301 5:687}. */
    String degrees() {
        StringBuilder out = new StringBuilder();
        for (int d = 0; d < degreeCounts.length; d++) {
            if (degreeCounts[d] > 0) {
                out.append(out.length() == 0 ? "" : " ").append(d).append(':').append(degreeCounts[d]);
            }
        }
        return out.toString();
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
