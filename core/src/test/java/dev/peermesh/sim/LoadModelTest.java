package dev.peermesh.sim;

import dev.peermesh.MessageId;
import dev.peermesh.protocol.MeshEvent;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.FrameType;
import dev.peermesh.wire.FrameWriter;
import dev.peermesh.wire.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cost of carrying frames, as the simulator models it: a frame takes its encoded length over the bandwidth to
 * send, after the frames queued before it on its link; a node reads one frame at a time and is busy for the service
 * time after each; a link with more queued than the high-water mark is congested, but a tree relay announces instead
 * of sending only past the payload cap; with negligible costs the run is the zero-cost run, event for event.
 */
class LoadModelTest {

    private static final int LATENCY = 5;

    /** Payload bytes that make a DATA frame of the simulation's topic exactly 1,000 bytes on the wire. */
    private static final int KILOBYTE_FRAME_PAYLOAD = 1_000 - (int) (FrameWriter.LENGTH_FIELD
            + FrameWriter.dataLength(Simulation.TOPIC, Map.of(), 0));

    /** Two nodes that take each other as their only neighbor, with a fixed latency, their links idle. */
    private static Simulation pair(SimConfig.Builder config) {
        Simulation simulation = new Simulation(config.neighbors(1, 1, 1).latency(LATENCY, LATENCY).build());
        simulation.join(2, 10);
        assertThat(simulation.settle(10_000)).as("ms for the pair to link").isNotNegative();
        simulation.runFor(100);
        assertThat(simulation.network.backlogBytes(link(simulation))).as("bytes queued before the test").isZero();
        return simulation;
    }

    /** Node 0's end of the pair's link. */
    private static int link(Simulation simulation) {
        return simulation.node(0).ends()[0];
    }

    /** When node 1 delivered what node 0 publishes, in ms after now. */
    private static List<Long> deliveriesAtNodeOne(Simulation simulation) {
        List<Long> at = new ArrayList<>();
        long start = simulation.now();
        simulation.onDelivery((node, message) -> {
            if (node == simulation.node(1)) {
                at.add(simulation.now() - start);
            }
        });
        return at;
    }

    @Test
    void aFrameTakesTheLengthTheCodecWrites() {
        FrameSizes sizes = new FrameSizes();
        List<Frame> frames = List.of(
                new Frame.Data(1, 2, 0, 0, Simulation.TOPIC, Map.of("k", "välue"), new byte[777], new byte[64]),
                new Frame.IHave(List.of(new Frame.Announcement(1, 2, 3), new Frame.Announcement(4, 5, 6))),
                new Frame.Graft(List.of(new MessageId(1, 2))), new Frame.Prune(List.of(1L)), new Frame.Ping(9));
        for (Frame frame : frames) {
            ByteBuf encoded = Unpooled.buffer();
            FrameWriter.write(frame, encoded);
            assertThat(sizes.length(frame)).as("length of %s", frame.type()).isEqualTo(encoded.readableBytes());
            encoded.release();
        }
        assertThat(sizes.length(new Frame.Data(1, 2, 0, 0, Simulation.TOPIC, Map.of(),
                new byte[KILOBYTE_FRAME_PAYLOAD]))).isEqualTo(1_000);
    }

    @Test
    void aThousandByteFrameOnAHundredBytesPerMsLinkArrivesTenMsPlusTheLatencyAfterItIsSent() {
        Simulation simulation = pair(SimConfig.builder().bandwidth(100));
        List<Long> delivered = deliveriesAtNodeOne(simulation);

        simulation.publish(simulation.node(0), new byte[KILOBYTE_FRAME_PAYLOAD]);
        simulation.runFor(100);

        assertThat(delivered).containsExactly(10L + LATENCY);
    }

    @Test
    void framesSentTogetherQueueEachBehindTheOneBefore() {
        Simulation simulation = pair(SimConfig.builder().bandwidth(100));
        List<Long> delivered = deliveriesAtNodeOne(simulation);

        for (int i = 0; i < 3; i++) {
            simulation.publish(simulation.node(0), new byte[KILOBYTE_FRAME_PAYLOAD]);
        }
        simulation.runFor(100);

        assertThat(delivered).containsExactly(10L + LATENCY, 20L + LATENCY, 30L + LATENCY);
    }

    @Test
    void aBusyNodeReadsAFrameThatArrivedWithAnotherOneServiceTimeLater() {
        Simulation simulation = pair(SimConfig.builder().serviceTime(3));
        List<Long> delivered = deliveriesAtNodeOne(simulation);

        simulation.publish(simulation.node(0));
        simulation.publish(simulation.node(0));
        simulation.runFor(100);

        assertThat(delivered).containsExactly((long) LATENCY, LATENCY + 3L);
    }

    @Test
    void aBusyNodeReadsEveryFrameSentBeforeALinkClosedBeforeItLearnsOfTheClose() {
        Simulation simulation = pair(SimConfig.builder().serviceTime(3));
        List<Long> delivered = deliveriesAtNodeOne(simulation);
        List<Reason> down = new ArrayList<>();
        simulation.onEvent((node, event) -> {
            if (node == simulation.node(1) && event instanceof MeshEvent.NeighborDown neighborDown) {
                down.add(neighborDown.reason());
            }
        });

        for (int i = 0; i < 3; i++) {
            simulation.publish(simulation.node(0));
        }
        simulation.leave(simulation.node(0));
        simulation.runFor(100);

        assertThat(delivered).hasSize(3);
        assertThat(down).containsExactly(Reason.LEAVING);
    }

    @Test
    void serviceTimesBelowAMillisecondAddUpAcrossFrames() {
        Simulation simulation = pair(SimConfig.builder().serviceTime(0.4));
        List<Long> delivered = deliveriesAtNodeOne(simulation);

        for (int i = 0; i < 5; i++) {
            simulation.publish(simulation.node(0));
        }
        simulation.runFor(100);

        // read at 0, 0.4, 0.8, 1.2 and 1.6 ms after they arrived, in whole milliseconds
        assertThat(delivered).containsExactly(5L, 5L, 5L, 6L, 6L);
    }

    @Test
    void aLinkWithMoreThanTheHighWaterMarkQueuedIsCongestedUntilItDrainsBelow() {
        Simulation simulation = pair(SimConfig.builder().bandwidth(100).highWater(2_500));
        SimNode sender = simulation.node(0);
        long link = link(simulation);

        for (int i = 0; i < 3; i++) {
            simulation.publish(sender, new byte[KILOBYTE_FRAME_PAYLOAD]);
        }
        boolean full = sender.congested(link);
        simulation.runFor(6); // 600 of the 3,000 bytes sent
        boolean drained = sender.congested(link);

        assertThat(full).as("congested with 3,000 bytes queued").isTrue();
        assertThat(drained).as("congested with 2,400 bytes queued").isFalse();
        assertThat(simulation.node(1).congested(simulation.node(1).ends()[0])).as("the idle direction").isFalse();
    }

    @Test
    void aTreeNodePushesOntoACongestedLinkBelowThePayloadCap() {
        Simulation simulation = pair(SimConfig.builder().mode(Mode.TREE).bandwidth(100).highWater(2_500));
        Traffic.Counts before = simulation.traffic.snapshot();
        List<Long> delivered = deliveriesAtNodeOne(simulation);

        for (int i = 0; i < 4; i++) {
            simulation.publish(simulation.node(0), new byte[KILOBYTE_FRAME_PAYLOAD]);
        }
        simulation.runFor(2_000);

        Traffic.Counts sent = simulation.traffic.since(before);
        assertThat(sent.of(FrameType.IHAVE)).as("announcements").isZero();
        assertThat(sent.of(FrameType.GRAFT)).as("pulls").isZero();
        assertThat(delivered).hasSize(4);
    }

    @Test
    void aTreeNodeAnnouncesWhatItWouldQueuePastThePayloadCapAndItsPeerPullsIt() {
        Simulation simulation = pair(SimConfig.builder().mode(Mode.TREE).bandwidth(100).highWater(2_500)
                .settings(SimConfig.settings().payloadBacklogCapBytes(2_500)));
        Traffic.Counts before = simulation.traffic.snapshot();
        List<Long> delivered = deliveriesAtNodeOne(simulation);

        for (int i = 0; i < 4; i++) {
            simulation.publish(simulation.node(0), new byte[KILOBYTE_FRAME_PAYLOAD]);
        }
        simulation.runFor(2_000);

        Traffic.Counts sent = simulation.traffic.since(before);
        assertThat(sent.of(FrameType.IHAVE)).as("announcements of the fourth message").isEqualTo(1);
        assertThat(sent.of(FrameType.GRAFT)).as("pulls of the fourth message").isEqualTo(1);
        assertThat(simulation.node(0).state().counters().payloadsOverCap()).as("payloads kept off the link")
                .isEqualTo(1);
        assertThat(delivered).hasSize(4);
        assertThat(delivered.get(3)).as("ms to the pulled delivery: after the wait before a pull")
                .isGreaterThan(simulation.config.settings.tree().graftTimeout().toMillis());
    }

    @Test
    void withNegligibleCostsARunIsTheZeroCostRunEventForEvent() {
        SimConfig.Builder negligible = SimConfig.builder().bandwidth(1e12).serviceTime(1e-9);

        assertThat(fingerprint(negligible)).isEqualTo(fingerprint(SimConfig.builder()));
    }

    @Test
    void theLoadExperimentPrintsTheSameTablesForTheSameSeed() {
        String run = loadTables(3);

        assertThat(run).contains("## Load (mode tree)", "| 40 ").isEqualTo(loadTables(3)).isNotEqualTo(loadTables(4));
    }

    private static String loadTables(long seed) {
        ExperimentOptions options = ExperimentOptions.parse("--nodes", "12", "--seed", String.valueOf(seed),
                "--mode", "tree", "--experiments", "load", "--bandwidth", "200", "--service-us", "100",
                "--rates", "40", "--warm-up", "500", "--duration", "1000");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LoadExperiment.run(options, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Everything a run of 100 tree nodes measured, with a crash of 30 % half-way, as one comparable value. */
    private static List<Object> fingerprint(SimConfig.Builder config) {
        Simulation simulation = new Simulation(config.seed(11).mode(Mode.TREE).neighbors(4, 5, 5).build());
        simulation.join(100, 10);
        simulation.settle(30_000);
        List<Broadcast> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(simulation.publish(simulation.randomLive()));
            simulation.runFor(i == 10 ? 0 : 50);
            if (i == 10) {
                simulation.crash(0.3);
            }
        }
        simulation.runFor(5_000);
        List<Object> print = new ArrayList<>();
        print.add(simulation.eventsRun());
        print.add(simulation.traffic.snapshot().controlByType());
        print.add(Overlay.of(simulation).degrees());
        for (Broadcast b : sent) {
            print.add(List.of(b.id, b.deliveries(), b.payloadFrames(), b.lastDeliveryHop(), b.lastDeliveryDelay()));
        }
        return print;
    }
}
