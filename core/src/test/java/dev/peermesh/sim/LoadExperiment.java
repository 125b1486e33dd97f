package dev.peermesh.sim;

import dev.peermesh.MessageId;
import dev.peermesh.protocol.MeshEvent;
import dev.peermesh.wire.FrameType;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.peermesh.sim.MarkdownTable.number;
import static dev.peermesh.sim.MarkdownTable.percent;

/**
 * Every publisher publishing at once, near what the links or the nodes can carry: what the dissemination strategy
 * costs per delivery under load (duplicate payloads, pulls, announcements, prunes, congestion) and how long
 * deliveries take. Meaningful with a cost model ({@code --bandwidth}, {@code --service-us}); without one nothing
 * queues and this measures only the strategy's steady-state redundancy.
 *
 * <p>Each publisher publishes {@code --payload}-byte messages at {@code --rates} per second, Poisson arrivals from
 * the seed, for {@code --warm-up} then {@code --duration} ms (the measured window) and then 2 s more, so the last
 * measured messages travel under the same load; then it stops and 10 s let repairs finish. Frame counts are those
 * sent (duplicates: read) in the window over the deliveries made in it; delays and reliability are those of the
 * messages published in it.
 */
final class LoadExperiment {

    /** Publishing goes on this long after the window, so its last messages see the same load. */
    private static final long TAIL_MILLIS = 2_000;

    /** Time for pulls and loss reports after publishing stopped. */
    private static final long DRAIN_MILLIS = 10_000;

    /** Deliveries slower than this are counted: the target for the pull path. */
    private static final long SLOW_MILLIS = 200;

    private LoadExperiment() {
    }

    static void run(ExperimentOptions options, PrintStream out) {
        MarkdownTable cost = new MarkdownTable("msg/s per publisher", "offered msg/s", "deliveries",
                "reliability", "duplicate DATA / delivery", "GRAFT (pulls) / delivery", "IHAVE frames / delivery",
                "PRUNE / delivery", "congested answers / delivery", "lost");
        MarkdownTable delay = new MarkdownTable("msg/s per publisher", "p50 ms", "p90 ms", "p99 ms", "max ms",
                "> 200 ms", "busiest link", "busiest node", "most queued on a link");
        MarkdownTable repairs = new MarkdownTable("msg/s per publisher", "DATA sent towards a parent / delivery",
                "deliveries by pull", "pulls in vain / delivery");
        for (double rate : options.load().rates()) {
            Simulation simulation = Experiments.settledMesh(options, "load " + rate + "/s");
            Result r = measure(simulation, options, rate);
            String label = number(rate, rate == Math.rint(rate) ? 0 : 1);
            double deliveries = Math.max(1, r.windowDeliveries);
            cost.row(label, number(r.offered, 0), r.windowDeliveries, percent(r.reliability, 3),
                    number(r.duplicates / deliveries, 3), number(r.grafts / deliveries, 4),
                    number(r.ihaves / deliveries, 3), number(r.prunes / deliveries, 4),
                    number(r.congested / deliveries, 4), r.lost);
            delay.row(label, r.percentile(0.50), r.percentile(0.90), r.percentile(0.99), r.percentile(1.0),
                    percent(r.slowShare(), 2), r.linkShare < 0 ? "–" : percent(r.linkShare, 0),
                    r.nodeShare < 0 ? "–" : percent(r.nodeShare, 0),
                    String.format(Locale.ROOT, "%,.0f KiB", r.maxBacklog / 1024.0));
            repairs.row(label, number(r.sentBack / deliveries, 4), percent(r.pulledFirst / deliveries, 2),
                    number(r.pulledInVain / deliveries, 4));
        }
        out.println("## Load (mode " + options.mode().label() + ")");
        out.println();
        ExperimentOptions.Load load = options.load();
        out.println(String.format(Locale.ROOT, "%s publishers, %,d-byte payloads, Poisson arrivals; %,d ms warm-up, "
                + "%,d ms measured. Busiest link: bytes queued on the busiest link direction in the window over what "
                + "its bandwidth could carry (over 100 %%: its queue grew); busiest node: time spent reading frames "
                + "over the window.",
                load.publishers() == 0 ? "all" : String.valueOf(load.publishers()), load.payload(),
                load.warmUpMillis(), load.durationMillis()));
        out.println();
        out.println(cost);
        out.println(delay);
        out.println("Where repairs come from (`TreeTrace`): payloads a node sent on a link that had brought it first "
                + "copies of the same origin's messages (a tree that stays a tree sends none), deliveries whose first "
                + "copy answered a pull, and pulls of a message whose first copy came by another link.");
        out.println();
        out.println(repairs);
    }

    private static Result measure(Simulation simulation, ExperimentOptions options, double rate) {
        ExperimentOptions.Load load = options.load();
        List<SimNode> all = simulation.liveNodes();
        List<SimNode> publishers = all.subList(0, load.publishers() == 0 ? all.size()
                : Math.min(load.publishers(), all.size()));
        TreeTrace trace = simulation.traceTrees();
        long start = simulation.now();
        long windowStart = start + load.warmUpMillis();
        long windowEnd = windowStart + load.durationMillis();
        long stop = windowEnd + TAIL_MILLIS;
        Result result = new Result(rate * publishers.size());
        Map<MessageId, Long> measured = new HashMap<>();
        simulation.onDelivery((node, message) -> {
            if (node.id == message.id().origin()) {
                return;
            }
            long now = simulation.now();
            if (now >= windowStart && now < windowEnd) {
                result.windowDeliveries++;
            }
            Long sentAt = measured.get(message.id());
            if (sentAt != null) {
                result.delay(now - sentAt);
            }
        });
        simulation.onEvent((node, event) -> {
            if (event instanceof MeshEvent.MessageLost) {
                result.lost++;
            }
        });
        byte[] payload = new byte[load.payload()];
        List<Broadcast> window = new ArrayList<>();
        SplittableRandom arrivals = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + 1);
        double meanGap = 1_000 / rate;
        for (SimNode publisher : publishers) {
            double first = start + arrivals.nextDouble() * meanGap;
            simulation.at((long) Math.ceil(first), new Runnable() {
                /** The exact instant of this publish; events fall on whole ms, arrivals keep their fractions. */
                double next = first;

                @Override
                public void run() {
                    Broadcast sent = simulation.publish(publisher, payload);
                    long now = simulation.now();
                    if (now >= windowStart && now < windowEnd) {
                        measured.put(sent.id, now);
                        window.add(sent);
                    }
                    next -= meanGap * Math.log(1 - arrivals.nextDouble());
                    if (next < stop) {
                        simulation.at((long) Math.ceil(next), this);
                    }
                }
            });
        }
        simulation.runUntil(windowStart);
        Traffic.Counts before = simulation.traffic.snapshot();
        long congestedBefore = congestedAnswers(simulation);
        long duplicatesBefore = duplicates(simulation);
        long[] traceBefore = {trace.sentBack, trace.pulledFirst, trace.pulledInVain};
        long[] bytesBefore = simulation.network.bytesSentByEnd();
        long[] readBefore = framesRead(simulation);
        simulation.runUntil(windowEnd);
        Traffic.Counts sent = simulation.traffic.since(before);
        result.duplicates = duplicates(simulation) - duplicatesBefore;
        result.grafts = sent.of(FrameType.GRAFT);
        result.ihaves = sent.of(FrameType.IHAVE);
        result.prunes = sent.of(FrameType.PRUNE);
        result.congested = congestedAnswers(simulation) - congestedBefore;
        result.sentBack = trace.sentBack - traceBefore[0];
        result.pulledFirst = trace.pulledFirst - traceBefore[1];
        result.pulledInVain = trace.pulledInVain - traceBefore[2];
        result.linkShare = busiest(bytesBefore, simulation.network.bytesSentByEnd(),
                options.config().bandwidthBytesPerMilli * load.durationMillis());
        result.nodeShare = busiest(readBefore, framesRead(simulation),
                load.durationMillis() / (load.serviceMicros() / 1_000));
        simulation.runUntil(stop + DRAIN_MILLIS);
        result.maxBacklog = simulation.network.maxBacklogBytes();
        long reached = 0;
        long eligible = 0;
        for (Broadcast b : window) {
            reached += b.eligible - b.missed();
            eligible += b.eligible;
        }
        result.reliability = eligible == 0 ? Double.NaN : (double) reached / eligible;
        Experiments.progress("[load %s/s] %,d messages measured, %,d events, %.0f s virtual", number(rate, 1),
                window.size(), simulation.eventsRun(), simulation.now() / 1e3);
        return result;
    }

    private static long congestedAnswers(Simulation simulation) {
        long total = 0;
        for (SimNode node : simulation.nodes()) {
            total += node.congestedAnswers;
        }
        return total;
    }

    /** DATA frames the nodes read that carried a message they had already: the strategies' own count. */
    private static long duplicates(Simulation simulation) {
        long total = 0;
        for (SimNode node : simulation.nodes()) {
            total += node.state().counters().duplicates();
        }
        return total;
    }

    private static long[] framesRead(Simulation simulation) {
        return simulation.nodes().stream().mapToLong(node -> node.framesRead).toArray();
    }

    /** The largest growth of one counter over {@code capacity}; -1 when the capacity is unlimited. */
    private static double busiest(long[] before, long[] after, double capacity) {
        if (Double.isInfinite(capacity) || Double.isNaN(capacity)) {
            return -1;
        }
        long most = 0;
        for (int i = 0; i < after.length; i++) {
            most = Math.max(most, after[i] - (i < before.length ? before[i] : 0));
        }
        return most / capacity;
    }

    /** What one load run measured. */
    private static final class Result {

        final double offered;
        long windowDeliveries;
        long duplicates;
        long grafts;
        long ihaves;
        long prunes;
        long congested;
        long sentBack;
        double pulledFirst;
        long pulledInVain;
        long lost;
        long maxBacklog;
        double reliability;
        double linkShare;
        double nodeShare;
        private long[] delays = new long[1 << 16];
        private int count;
        private boolean sorted;

        Result(double offered) {
            this.offered = offered;
        }

        void delay(long millis) {
            if (count == delays.length) {
                delays = Arrays.copyOf(delays, count * 2);
            }
            delays[count++] = millis;
            sorted = false;
        }

        String percentile(double p) {
            if (count == 0) {
                return "–";
            }
            if (!sorted) {
                Arrays.sort(delays, 0, count);
                sorted = true;
            }
            return String.valueOf(delays[Math.max(0, (int) Math.ceil(p * count) - 1)]);
        }

        double slowShare() {
            long slow = 0;
            for (int i = 0; i < count; i++) {
                slow += delays[i] > SLOW_MILLIS ? 1 : 0;
            }
            return count == 0 ? Double.NaN : (double) slow / count;
        }
    }
}
