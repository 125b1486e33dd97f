package dev.peermesh.node;

import dev.peermesh.PublishResult.Status;
import dev.peermesh.SealSettings;
import dev.peermesh.wire.Frame;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The publish queue on a real event loop: a backlog of publishes goes to the protocol one run per turn of the loop, so
 * the loop reads its links between runs. A node that handed its whole backlog over before it read again published 12
 * to 40 times as much as each other node of a saturated 3-node benchmark, whose links to it it hardly read
 * (docs/benchmarks.md).
 */
class PublishQueueTest {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterEach
    void shutDown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void aBacklogOfPublishesLetsTheLoopReadItsLinksAfterEachRun() throws Exception {
        EventLoop loop = group.next();
        AtomicInteger handed = new AtomicInteger();
        CompletableFuture<Integer> handedAtFirstRead = new CompletableFuture<>();
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        Channel listener = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        accepted.complete(null);
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ReferenceCountUtil.release(msg);
                        handedAtFirstRead.complete(handed.get());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        Channel client = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(listener.localAddress()).sync().channel();
        accepted.get(5, TimeUnit.SECONDS);

        PublishQueue publishes = new PublishQueue("n1", 100_000, 1L << 30);
        FlowControl flow = new FlowControl(new Deliveries("n1", 1_000), publishes, (timer, delay) -> { }, paused -> {
        });
        publishes.attach(loop, flow, (sequence, topic, headers, payload, hopLimit, signature) ->
                handed.incrementAndGet());

        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> awaitQuietly(release)); // the loop waits while the backlog and a peer's bytes pile up
        client.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1}));
        int backlog = 20 * PublishQueue.RUN;
        for (int i = 0; i < backlog; i++) {
            assertThat(publishes.admit(8)).isEqualTo(Status.ACCEPTED);
            publishes.enqueue("t", Map.of(), new byte[8], 0);
        }
        release.countDown();

        assertThat(handedAtFirstRead.get(5, TimeUnit.SECONDS))
                .as("publishes handed over before the loop read its link")
                .isLessThanOrEqualTo(2 * PublishQueue.RUN);
        await().atMost(5, TimeUnit.SECONDS).until(() -> handed.get() == backlog);
        client.close().sync();
        listener.close().sync();
    }

    @Test
    void publishesPausedUpTheTreeWaitQueuedAndGoOnOnceThePauseEnds() throws Exception {
        EventLoop loop = group.next();
        AtomicInteger handed = new AtomicInteger();
        PublishQueue publishes = new PublishQueue("n1", 100, 1L << 30);
        FlowControl flow = new FlowControl(new Deliveries("n1", 1_000), publishes, (timer, delay) -> { }, paused -> {
        });
        publishes.attach(loop, flow, (sequence, topic, headers, payload, hopLimit, signature) ->
                handed.incrementAndGet());
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> awaitQuietly(release));
        loop.execute(() -> flow.treeHeld(true)); // before the drain the publishes below schedule
        for (int i = 0; i < 10; i++) {
            assertThat(publishes.admit(8)).isEqualTo(Status.ACCEPTED);
            publishes.enqueue("t", Map.of(), new byte[8], 0);
        }
        release.countDown();
        loop.submit(() -> { }).sync();

        assertThat(handed).as("held while paused").hasValue(0);
        assertThat(publishes.admit(8)).isEqualTo(Status.TREE_CONGESTED);
        assertThat(publishes.reason(Status.TREE_CONGESTED)).contains("broadcast tree of node n1")
                .contains("peermesh.limits.link-high-water");
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                publishes.gate().await(TimeUnit.SECONDS.toNanos(10), () -> publishes.hold(8) != Status.ACCEPTED);
                return publishes.hold(8) == Status.ACCEPTED;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        loop.execute(() -> flow.treeHeld(false));

        assertThat(waiter.get(5, TimeUnit.SECONDS)).as("a waiting publisher woke to an open queue").isTrue();
        await().atMost(5, TimeUnit.SECONDS).until(() -> handed.get() == 10);
    }

    @Test
    void aFullQueueOpensItsGateForWaitingPublishersOnlyOnceHalfOfItIsFree() throws Exception {
        EventLoop loop = group.next();
        int runs = 20;
        int capacity = runs * PublishQueue.RUN;
        AtomicInteger handed = new AtomicInteger();
        AtomicInteger opened = new AtomicInteger();
        PublishQueue publishes = new PublishQueue("n1", capacity, 1L << 30);
        FlowControl flow = new FlowControl(new Deliveries("n1", 1_000), publishes, (timer, delay) -> { }, paused -> {
        });
        publishes.attach(loop, flow, (sequence, topic, headers, payload, hopLimit, signature) ->
                handed.incrementAndGet());
        publishes.gate().onOpened(opened::incrementAndGet);
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> awaitQuietly(release));
        for (int i = 0; i < capacity; i++) {
            assertThat(publishes.admit(8)).isEqualTo(Status.ACCEPTED);
            publishes.enqueue("t", Map.of(), new byte[8], 0);
        }
        assertThat(publishes.admit(8)).isEqualTo(Status.QUEUE_FULL);

        release.countDown();
        await().atMost(5, TimeUnit.SECONDS).until(() -> handed.get() == capacity);
        loop.submit(() -> { }).sync();

        // after runs 10 to 20, when at most half the queue is taken; opened after every run it woke them 20 times
        assertThat(opened).as("gate openings while a full queue drained").hasValue(runs / 2 + 1);
    }

    @Test
    void pendingPayloadBytesAreBoundedButAQueueHoldingNothingTakesAnyOneMessage() throws Exception {
        EventLoop loop = group.next();
        AtomicInteger handed = new AtomicInteger();
        PublishQueue publishes = new PublishQueue("n1", 100, 1_000);
        FlowControl flow = new FlowControl(new Deliveries("n1", 1_000), publishes, (timer, delay) -> { }, paused -> {
        });
        publishes.attach(loop, flow, (sequence, topic, headers, payload, hopLimit, signature) ->
                handed.incrementAndGet());
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> awaitQuietly(release)); // nothing leaves the queue meanwhile

        assertThat(publishes.admit(600)).isEqualTo(Status.ACCEPTED);
        publishes.enqueue("t", Map.of(), new byte[600], 0);
        assertThat(publishes.admit(600)).as("600 more would make 1,200").isEqualTo(Status.QUEUE_FULL);
        assertThat(publishes.hold(600)).isEqualTo(Status.QUEUE_FULL);
        assertThat(publishes.admit(400)).isEqualTo(Status.ACCEPTED);
        publishes.release(400); // reserved, then not published after all
        assertThat(publishes.admit(400)).isEqualTo(Status.ACCEPTED);
        publishes.enqueue("t", Map.of(), new byte[400], 0);
        assertThat(publishes.admit(1)).isEqualTo(Status.QUEUE_FULL);
        assertThat(publishes.reason(Status.QUEUE_FULL)).contains("1000 payload bytes")
                .contains("peermesh.limits.max-pending-publishes and max-pending-publish-bytes");
        release.countDown();
        await().atMost(5, TimeUnit.SECONDS).until(() -> handed.get() == 2);

        assertThat(publishes.admit(5_000)).as("alone in the queue, larger than the bound").isEqualTo(Status.ACCEPTED);
        publishes.enqueue("t", Map.of(), new byte[5_000], 0);
        await().atMost(5, TimeUnit.SECONDS).until(() -> handed.get() == 3);
        assertThat(publishes.hold(1_000)).as("all handed over: nothing reserved any more").isEqualTo(Status.ACCEPTED);
    }

    @Test
    void aSealingQueueSealsALoneMessageAtOnceAndWhatFollowsWithinTheIntervalInOneRun() {
        List<long[]> seals = new CopyOnWriteArrayList<>();
        List<byte[]> signatures = new CopyOnWriteArrayList<>();
        PublishQueue publishes = sealingQueue(group.next(), recording(seals), Duration.ofMillis(300),
                (sequence, topic, headers, payload, hopLimit, signature) -> signatures.add(signature));

        publish(publishes, 1);
        await().atMost(5, TimeUnit.SECONDS).until(() -> seals.size() == 1);
        publish(publishes, 10);
        publish(publishes, Frame.MAX_SEALED + 5);

        await().atMost(5, TimeUnit.SECONDS).until(() -> signatures.size() == 1 + 10 + Frame.MAX_SEALED + 5);
        assertThat(seals).extracting(seal -> seal[0] + "+" + seal[1]).as("first message + count of each seal")
                .containsExactly("1+1", "2+" + Frame.MAX_SEALED, (2 + Frame.MAX_SEALED) + "+15");
        assertThat(signatures).allSatisfy(signature -> assertThat(signature).isEqualTo(Frame.SEALED));
    }

    @Test
    void aFullRunIsSealedAtOnceEvenWhileTheQueueWaitsOutALongSealInterval() throws Exception {
        EventLoop loop = group.next();
        List<long[]> seals = new CopyOnWriteArrayList<>();
        AtomicInteger handed = new AtomicInteger();
        PublishQueue publishes = sealingQueue(loop, recording(seals), Duration.ofSeconds(1),
                (sequence, topic, headers, payload, hopLimit, signature) -> handed.incrementAndGet());
        publish(publishes, 1);
        await().atMost(5, TimeUnit.SECONDS).until(() -> seals.size() == 1);
        publish(publishes, 5);
        loop.submit(() -> { }).sync(); // the drain they scheduled now waits out the interval

        publish(publishes, Frame.MAX_SEALED);

        // the interval has most of its second to run: only a full run may go out before it ends
        await().atMost(700, TimeUnit.MILLISECONDS).until(() -> seals.size() == 2);
        assertThat(seals.get(1)).containsExactly(2, Frame.MAX_SEALED);
        assertThat(handed).as("the five after the full run wait for the interval").hasValue(1 + Frame.MAX_SEALED);
    }

    @Test
    void aBacklogIsSealedAsOneGroupOfFullSealsAndHandedOverInOrder() {
        EventLoop loop = group.next();
        List<long[]> groups = new CopyOnWriteArrayList<>();
        List<Long> handed = new CopyOnWriteArrayList<>();
        PublishQueue publishes = sealingQueue(loop, (first, runs) -> {
            for (byte[] digests : runs) {
                groups.add(new long[] { first, runs.length, digests.length / Frame.DIGEST_LENGTH });
            }
        }, Duration.ofMillis(300), (sequence, topic, headers, payload, hopLimit, signature) -> handed.add(sequence));
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> awaitQuietly(release)); // a backlog builds up meanwhile
        publish(publishes, Frame.MAX_SEALED * Frame.MAX_SEAL_GROUP + 3 * Frame.MAX_SEALED + 7);

        release.countDown();

        await().atMost(5, TimeUnit.SECONDS).until(() -> handed.size() == Frame.MAX_SEALED * (Frame.MAX_SEAL_GROUP
                + 3) + 7);
        assertThat(groups).extracting(seal -> seal[0] + "/" + seal[1] + "/" + seal[2])
                .as("one signature for the first 4,096, a group of 8 full seals; then one for the rest, a full run"
                        + " at once").containsExactly("1/8/512", "1/8/512", "1/8/512", "1/8/512", "1/8/512",
                        "1/8/512", "1/8/512", "1/8/512", "4097/4/512", "4097/4/512", "4097/4/512", "4097/4/7");
        assertThat(handed).as("in sequence order, each once").isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aGroupSealedAheadCountsAgainstTheQueueAndWaitsOutAHoldInOrder() throws Exception {
        EventLoop loop = group.next();
        List<Long> handed = new CopyOnWriteArrayList<>();
        PublishQueue publishes = sealing((first, runs) -> { }, Duration.ofSeconds(1));
        FlowControl flow = flowOf(publishes);
        publishes.attach(loop, flow, (sequence, topic, headers, payload, hopLimit, signature) -> {
            if (handed.add(sequence) && handed.size() == Frame.MAX_SEALED) {
                flow.treeHeld(true); // a node down the tree pauses this one after the group's first seal
            }
        });
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> awaitQuietly(release));
        int count = Frame.MAX_SEALED * Frame.MAX_SEAL_GROUP + 600;
        publish(publishes, count);

        release.countDown();
        await().atMost(5, TimeUnit.SECONDS).until(() -> handed.size() == Frame.MAX_SEALED);
        loop.submit(() -> { }).sync();

        assertThat(handed).as("held after the first seal of the group").hasSize(Frame.MAX_SEALED);
        assertThat(publishes.pending()).as("sealed ahead or queued, all still count against the bounds")
                .isEqualTo(count - Frame.MAX_SEALED);
        loop.execute(() -> flow.treeHeld(false));
        await().atMost(5, TimeUnit.SECONDS).until(() -> handed.size() == count);
        assertThat(handed).as("in sequence order, each once").isSorted().doesNotHaveDuplicates();
        assertThat(publishes.pending()).isZero();
    }

    @Test
    void aSealingNodePacesItsSealsByTheOriginsItHeardSoEachReceiverChecksAboutTheCheckRate() throws Exception {
        assertThat(pacedInterval(0)).as("no other origin heard: the seal interval").isEqualTo(Duration.ofMillis(3));
        assertThat(pacedInterval(7)).as("7 others, 1,000 checks a second: one seal each per 7 ms")
                .isEqualTo(Duration.ofMillis(7));
        assertThat(pacedInterval(100)).isEqualTo(Duration.ofMillis(100));
    }

    /** The interval a queue paces itself to at its first drain when its node heard {@code origins} others. */
    private Duration pacedInterval(int origins) throws Exception {
        EventLoop loop = group.next();
        List<long[]> seals = new CopyOnWriteArrayList<>();
        AtomicInteger asked = new AtomicInteger();
        PublishQueue.Sealer recording = recording(seals);
        PublishQueue publishes = sealingQueue(loop, new PublishQueue.Sealer() {
            @Override
            public void seal(long first, byte[]... runs) {
                recording.seal(first, runs);
            }

            @Override
            public int sealersHeard() {
                asked.incrementAndGet();
                return origins;
            }
        }, Duration.ofMillis(3), (sequence, topic, headers, payload, hopLimit, signature) -> { });

        publish(publishes, 1);
        await().atMost(5, TimeUnit.SECONDS).until(() -> seals.size() == 1);
        assertThat(asked).as("asked once, at the first drain; again a second later").hasValue(1);
        return Duration.ofNanos(loop.submit(publishes::sealIntervalNanos).get());
    }

    /** A queue of node n1 that digests each publish and seals runs at most once per {@code interval}, attached. */
    private static PublishQueue sealingQueue(EventLoop loop, PublishQueue.Sealer sealer, Duration interval,
            PublishQueue.Target target) {
        PublishQueue publishes = sealing(sealer, interval);
        publishes.attach(loop, flowOf(publishes), target);
        return publishes;
    }

    /** A queue of node n1 that digests each publish and seals runs at most once per {@code interval}. */
    private static PublishQueue sealing(PublishQueue.Sealer sealer, Duration interval) {
        return new PublishQueue("n1", 10_000, 1L << 30,
                (sequence, topic, headers, payload, hopLimit) -> new byte[Frame.DIGEST_LENGTH], sealer,
                new SealSettings(true, interval, 1_000));
    }

    /** The flow control of a node without transport, whose publishes {@code publishes} holds. */
    private static FlowControl flowOf(PublishQueue publishes) {
        return new FlowControl(new Deliveries("n1", 1_000), publishes, (timer, delay) -> { }, paused -> {
        });
    }

    /** A sealer that notes each seal's first message and count, the seals of a group one by one. */
    private static PublishQueue.Sealer recording(List<long[]> seals) {
        return (first, runs) -> {
            long at = first;
            for (byte[] digests : runs) {
                seals.add(new long[] { at, digests.length / Frame.DIGEST_LENGTH });
                at += digests.length / Frame.DIGEST_LENGTH;
            }
        };
    }

    private static void publish(PublishQueue publishes, int count) {
        for (int i = 0; i < count; i++) {
            assertThat(publishes.admit(8)).isEqualTo(Status.ACCEPTED);
            publishes.enqueue("t", Map.of(), new byte[8], 0);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
