package dev.peermesh.soak;

import java.time.Duration;
import java.util.Locale;

/**
 * The shape of a soak: how many nodes, how many of them live throughout ({@code stable}, the publishers among them),
 * the publish rate, how long, and how often a node departs. Every figure is a system property ({@code soak.*}, set
 * by the module's pom) so a longer run needs no code change: {@code -Dsoak.seconds=600}.
 *
 * @param nodes nodes in the mesh
 * @param stable nodes that never depart: node 0 (the others' seed), the publishers, and observers
 * @param publishers publishing nodes, nodes 1 to {@code publishers}
 * @param rate messages a second each publisher publishes
 * @param length how long the publishers publish and nodes depart
 * @param departEvery the pause between two departures
 * @param downtime how long a departed node stays away before it starts again (a new node id on the same port)
 * @param seed the seed of the choice of departing node
 */
record SoakPlan(int nodes, int stable, int publishers, int rate, Duration length, Duration departEvery,
        Duration downtime, long seed) {

    SoakPlan {
        if (publishers + 1 > stable || stable >= nodes) {
            throw new IllegalArgumentException("a soak needs node 0 and the publishers among the stable nodes and at "
                    + "least one departing node: nodes=%d stable=%d publishers=%d".formatted(nodes, stable,
                            publishers));
        }
    }

    static SoakPlan fromSystemProperties() {
        return new SoakPlan(integer("soak.nodes", 20), integer("soak.stable", 10), integer("soak.publishers", 3),
                integer("soak.rate", 100), Duration.ofSeconds(integer("soak.seconds", 60)),
                Duration.ofMillis(integer("soak.kill-every-ms", 2000)),
                Duration.ofMillis(integer("soak.downtime-ms", 1000)), Long.getLong("soak.seed", 20261205L));
    }

    /** Messages each publisher publishes. */
    int perPublisher() {
        return (int) (rate * length.toMillis() / 1000);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d nodes (%d stable, %d publishing %d msgs/s each), one departure every "
                + "%d ms for %d s, back after %d ms, seed %d", nodes, stable, publishers, rate, departEvery.toMillis(),
                length.toSeconds(), downtime.toMillis(), seed);
    }

    private static int integer(String name, int fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
