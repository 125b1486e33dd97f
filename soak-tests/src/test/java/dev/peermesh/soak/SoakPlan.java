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
 * @param warmup how long the publishers publish before the first departure; latency is measured after it (the trees
 *        of three origins that start at once take a few pulls to form, a figure of its own)
 * @param length how long nodes depart, while the publishers go on
 * @param departEvery the pause between two departures
 * @param downtime how long a departed node stays away before it starts again (a new node id on the same port)
 * @param seed the seed of the choice of departing node
 */
record SoakPlan(int nodes, int stable, int publishers, int rate, Duration warmup, Duration length, Duration departEvery,
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
                integer("soak.rate", 100), Duration.ofSeconds(integer("soak.warmup-seconds", 3)),
                Duration.ofSeconds(integer("soak.seconds", 60)),
                Duration.ofMillis(integer("soak.kill-every-ms", 2000)),
                Duration.ofMillis(integer("soak.downtime-ms", 1000)), Long.getLong("soak.seed", 20261205L));
    }

    /** Messages each publisher publishes, warm-up included. */
    int perPublisher() {
        return (int) (rate * (warmup.toMillis() + length.toMillis()) / 1000);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d nodes (%d stable, %d publishing %d msgs/s each), after %d s of "
                + "publishing one departure every %d ms for %d s, back after %d ms, seed %d", nodes, stable, publishers,
                rate, warmup.toSeconds(), departEvery.toMillis(), length.toSeconds(), downtime.toMillis(), seed);
    }

    private static int integer(String name, int fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
