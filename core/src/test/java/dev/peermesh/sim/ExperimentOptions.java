package dev.peermesh.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The knobs of {@link Experiments}, from its command line: {@code --name value} pairs, every one with a default.
 *
 * <p>{@code ExperimentOptions options = ExperimentOptions.parse("--nodes", "10000", "--mode", "flood");}
 *
 * @param nodes nodes in the mesh
 * @param seed seed of every random choice
 * @param mode dissemination strategy
 * @param neighbors min, ideal and max neighbors
 * @param experiments which experiments to run: {@code mass-failure}, {@code stable}, {@code churn}, {@code load}
 * @param broadcasts broadcasts measured per mass-failure level and per stable run
 * @param intervalMillis virtual time between broadcasts
 * @param joinSpacingMillis virtual time between two nodes starting while the mesh is built
 * @param settleMillis longest virtual time the built mesh may take to settle
 * @param failures shares of nodes killed at once, one mass-failure run each
 * @param churnRounds maintenance intervals of churn
 * @param churnPerRound nodes that crash, and nodes that join, at the start of each churn round
 * @param churnBroadcasts broadcasts per churn round
 * @param messageCacheSeconds how long each node keeps messages to answer pulls, in the zero-cost model; 0 for the
 *        production default (60 s), which a run with a bandwidth or a service time always keeps
 * @param buildAhead whether the next experiment's mesh is built on a second thread while one experiment runs
 * @param sideThread whether the lighter mass-failure levels run on a second thread, each on a mesh of its own,
 *        beside the other experiments ({@link SideLevels})
 * @param sideFromPercent the levels that run there: those where at least this percentage of the nodes fail
 * @param load the cost of frames (for every experiment) and the load experiment's publishing
 */
record ExperimentOptions(int nodes, long seed, Mode mode, int[] neighbors, List<String> experiments, int broadcasts,
        long intervalMillis, long joinSpacingMillis, long settleMillis, double[] failures, int churnRounds,
        int churnPerRound, int churnBroadcasts, int messageCacheSeconds, boolean buildAhead, boolean sideThread,
        int sideFromPercent, Load load) {

    /** The paper experiments, run when {@code --experiments} is not given. */
    static final List<String> ALL = List.of("mass-failure", "stable", "churn");

    /** Every experiment {@code --experiments} can name. */
    static final List<String> KNOWN = List.of("mass-failure", "stable", "churn", "load");

    /**
     * The cost of carrying frames, and what the load experiment publishes.
     *
     * @param bandwidth bytes per ms each link direction carries; 0 for unlimited (frames cost nothing)
     * @param serviceMicros microseconds a node spends on each frame it reads; 0 for none
     * @param highWater bytes queued on a link past which it is congested; 0 for the settings' default (256 KiB)
     * @param payload bytes in each message the load experiment publishes
     * @param rates messages per second per publisher, one load run each
     * @param publishers nodes that publish, the first by index; 0 for every node
     * @param warmUpMillis publishing before the measured window, so queues and trees reach their steady state
     * @param durationMillis the measured window: messages published in it, frames sent in it
     */
    record Load(double bandwidth, double serviceMicros, int highWater, int payload, double[] rates, int publishers,
            long warmUpMillis, long durationMillis) {
    }

    static ExperimentOptions parse(String... args) {
        int nodes = 1_000;
        long seed = 1;
        Mode mode = Mode.FLOOD;
        int[] neighbors = {4, 5, 5};
        List<String> experiments = ALL;
        int broadcasts = 1_000;
        long interval = 50;
        long joinSpacing = 10;
        long settle = 30_000;
        double[] failures = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95};
        int churnRounds = 100;
        int churnPerRound = 50;
        int churnBroadcasts = 10;
        int messageCacheSeconds = 20;
        boolean buildAhead = true;
        boolean sideThread = true;
        int sideFrom = 30;
        double bandwidth = 0;
        double serviceMicros = 0;
        int highWater = 0;
        int payload = 1_024;
        double[] rates = {20};
        int publishers = 0;
        long warmUp = 3_000;
        long duration = 10_000;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("Expected --name value pairs, got '" + name + "'; " + usage());
            }
            String value = args[++i];
            switch (name) {
                case "--nodes" -> nodes = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--mode" -> mode = Mode.parse(value);
                case "--neighbors" -> neighbors = Arrays.stream(value.split(","))
                        .mapToInt(v -> Integer.parseInt(v.trim())).toArray();
                case "--experiments" -> experiments = List.of(value.toLowerCase(Locale.ROOT).split(","));
                case "--broadcasts" -> broadcasts = Integer.parseInt(value);
                case "--interval" -> interval = Long.parseLong(value);
                case "--join-spacing" -> joinSpacing = Long.parseLong(value);
                case "--settle" -> settle = Long.parseLong(value);
                case "--failures" -> failures = Arrays.stream(value.split(","))
                        .mapToDouble(v -> Double.parseDouble(v.trim()) / 100).toArray();
                case "--churn-rounds" -> churnRounds = Integer.parseInt(value);
                case "--churn-per-round" -> churnPerRound = Integer.parseInt(value);
                case "--churn-broadcasts" -> churnBroadcasts = Integer.parseInt(value);
                case "--message-cache" -> messageCacheSeconds = Integer.parseInt(value);
                case "--build-ahead" -> buildAhead = yesOrNo(name, value);
                case "--side-thread" -> sideThread = yesOrNo(name, value);
                case "--side-from" -> sideFrom = Integer.parseInt(value);
                case "--bandwidth" -> bandwidth = Double.parseDouble(value);
                case "--service-us" -> serviceMicros = Double.parseDouble(value);
                case "--high-water" -> highWater = Integer.parseInt(value);
                case "--payload" -> payload = Integer.parseInt(value);
                case "--rates" -> rates = Arrays.stream(value.split(","))
                        .mapToDouble(v -> Double.parseDouble(v.trim())).toArray();
                case "--publishers" -> publishers = Integer.parseInt(value);
                case "--warm-up" -> warmUp = Long.parseLong(value);
                case "--duration" -> duration = Long.parseLong(value);
                default -> throw new IllegalArgumentException("Unknown option " + name + "; " + usage());
            }
        }
        if (neighbors.length != 3) {
            throw new IllegalArgumentException("--neighbors takes min,ideal,max (for example 4,5,5), not "
                    + Arrays.toString(neighbors));
        }
        List<String> unknown = new ArrayList<>(experiments);
        unknown.removeAll(KNOWN);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown experiments " + unknown + "; choose from " + KNOWN);
        }
        if (messageCacheSeconds < 0) {
            throw new IllegalArgumentException("--message-cache takes seconds >= 0 (0: the production 60 s), not "
                    + messageCacheSeconds);
        }
        if (bandwidth < 0 || serviceMicros < 0 || highWater < 0 || payload < 0 || publishers < 0
                || Arrays.stream(rates).anyMatch(rate -> !(rate > 0))) {
            throw new IllegalArgumentException("--bandwidth, --service-us, --high-water, --payload and --publishers "
                    + "take numbers >= 0, --rates numbers > 0; " + usage());
        }
        return new ExperimentOptions(nodes, seed, mode, neighbors, experiments, broadcasts, interval, joinSpacing,
                settle, failures, churnRounds, churnPerRound, churnBroadcasts, messageCacheSeconds, buildAhead,
                sideThread, sideFrom,
                new Load(bandwidth, serviceMicros, highWater, payload, rates, publishers, warmUp, duration));
    }

    private static boolean yesOrNo(String name, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> throw new IllegalArgumentException(name + " takes yes or no, not '" + value + "'");
        };
    }

    static String usage() {
        return "options: --nodes 1000 --seed 1 --mode flood --neighbors 4,5,5 "
                + "--experiments mass-failure,stable,churn --broadcasts 1000 --interval 50 --join-spacing 10 "
                + "--settle 30000 --failures 10,20,30,40,50,60,70,80,90,95 --churn-rounds 100 "
                + "--churn-per-round 50 --churn-broadcasts 10 --message-cache 20 (s, 0: 60) --build-ahead yes "
                + "--side-thread yes --side-from 30 (% failed) "
                + "--bandwidth 0 (bytes/ms, 0: unlimited) "
                + "--service-us 0 --high-water 0 (bytes, 0: 256 KiB) --payload 1024 --rates 20 --publishers 0 "
                + "(0: all) --warm-up 3000 --duration 10000";
    }

    /** The simulation these options describe, before any node joined. */
    SimConfig config() {
        SimConfig.Builder config = SimConfig.builder().seed(seed).mode(mode)
                .neighbors(neighbors[0], neighbors[1], neighbors[2])
                .serviceTime(load.serviceMicros() / 1_000).highWater(load.highWater());
        if (messageCacheSeconds > 0 && load.bandwidth() == 0 && load.serviceMicros() == 0) {
            // Without a cost model nothing waits in a queue, so every pull comes within the repair window (10 s);
            // with one, a pull can be held back and the production age is kept.
            config.messageCacheMaxAge(Duration.ofSeconds(messageCacheSeconds));
        }
        if (load.bandwidth() > 0) {
            config.bandwidth(load.bandwidth());
        }
        return config.build();
    }

    /** One line that says what ran. */
    String describe() {
        String line = String.format(Locale.ROOT, "%,d nodes, mode %s, neighbors %d/%d/%d, seed %d, latency 1–10 ms, "
                + "broadcast every %d ms, nodes joining %d ms apart, messages cached %s s to answer pulls", nodes,
                mode.label(), neighbors[0], neighbors[1], neighbors[2], seed, intervalMillis, joinSpacingMillis,
                config().settings.messageCache().maxAge().toSeconds());
        if (load.bandwidth() == 0 && load.serviceMicros() == 0) {
            return line; // the zero-cost model of the paper experiments
        }
        SimConfig config = config();
        return line + String.format(Locale.ROOT, "; links %s, %s µs per frame read, congested past %,d bytes queued",
                load.bandwidth() == 0 ? "unlimited" : String.format(Locale.ROOT, "%,.0f bytes/ms (%.1f Mbit/s)",
                        load.bandwidth(), load.bandwidth() * 8 / 1_000), number(load.serviceMicros()),
                config.highWaterBytes);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
