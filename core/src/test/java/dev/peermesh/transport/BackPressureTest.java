package dev.peermesh.transport;

import dev.peermesh.PeerAddress;
import dev.peermesh.wire.Frame;
import dev.peermesh.FrameLimits;
import dev.peermesh.wire.FrameWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Back-pressure over real sockets: a link whose peer stops reading becomes congested past its high-water mark while
 * the node keeps reading every link (pausing reads would let links congested in a cycle wait for one another), and
 * the congestion clears, once, when the link drains.
 */
class BackPressureTest {

    private static final int HIGH_WATER = 64 * 1024;

    private final Map<PeerAddress, Long> links = new ConcurrentHashMap<>();

    private final Map<Long, AtomicInteger> frames = new ConcurrentHashMap<>();

    private final AtomicInteger cleared = new AtomicInteger();

    private final AtomicBoolean stop = new AtomicBoolean();

    private NettyTransport transport;

    @AfterEach
    void shutDown() {
        stop.set(true);
        if (transport != null) {
            transport.shutdown();
        }
    }

    @Test
    void aLinkWhosePeerStopsReadingIsCongestedUntilItDrains() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket slowSide = new ServerSocket(0, 5, loopback);
                ServerSocket talkativeSide = new ServerSocket(0, 5, loopback)) {
            transport = new NettyTransport("bp", FrameLimits.defaults(), new NettyTransport.Options(
                    Duration.ofSeconds(2), 256 << 20, HIGH_WATER, Duration.ofSeconds(1)), new Recorder());
            PeerAddress slowAddress = new PeerAddress("127.0.0.1", slowSide.getLocalPort());
            PeerAddress talkativeAddress = new PeerAddress("127.0.0.1", talkativeSide.getLocalPort());
            onLoop(() -> {
                transport.dial(slowAddress);
                transport.dial(talkativeAddress);
                return null;
            });
            try (Socket slow = slowSide.accept(); Socket talkative = talkativeSide.accept()) {
                await().atMost(5, TimeUnit.SECONDS).until(() -> links.size() == 2);
                long slowLink = links.get(slowAddress);
                long talkativeLink = links.get(talkativeAddress);
                Thread talker = keepSendingPings(talkative.getOutputStream());

                // the slow peer reads nothing: fill its link past the high-water mark
                Frame.Data big = new Frame.Data(1, 1, 1, 0, "t", Map.of(), new byte[16 * 1024]);
                await().atMost(20, TimeUnit.SECONDS).until(() -> onLoop(() -> {
                    for (int i = 0; i < 64; i++) {
                        transport.send(slowLink, big);
                    }
                    transport.flush();
                    return transport.congested();
                }));

                assertThat(onLoop(() -> transport.congested(slowLink))).isTrue();
                assertThat(onLoop(() -> transport.congested(talkativeLink))).isFalse();
                int before = frames.get(talkativeLink).get();
                await("the other links are still read").atMost(5, TimeUnit.SECONDS)
                        .until(() -> frames.get(talkativeLink).get() > before + 1000);
                int clearedBefore = cleared.get(); // it flapped while the socket buffers were filling

                Thread reader = drain(slow.getInputStream());
                await().atMost(20, TimeUnit.SECONDS).until(() -> !onLoop(transport::congested));
                assertThat(onLoop(() -> transport.congested(slowLink))).isFalse();
                assertThat(cleared.get()).as("publishes were told to flow again").isEqualTo(clearedBefore + 1);
                stop.set(true);
                talker.join(5_000);
                reader.interrupt();
            }
        }
    }

    private Thread keepSendingPings(OutputStream out) {
        ByteBuf encoded = Unpooled.buffer();
        for (int i = 0; i < 64; i++) {
            FrameWriter.write(new Frame.Ping(i), encoded);
        }
        byte[] burst = ByteBufUtil.getBytes(encoded);
        Thread thread = new Thread(() -> {
            try {
                while (!stop.get()) {
                    out.write(burst);
                }
            }
            catch (IOException ex) {
                // the transport closed the link at the end of the test
            }
        }, "talkative-peer");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static Thread drain(InputStream in) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try {
                while (in.read(buffer) >= 0) {
                    // discard
                }
            }
            catch (IOException ex) {
                // closed at the end of the test
            }
        }, "draining-peer");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return transport.loop().submit(task).get(5, TimeUnit.SECONDS);
    }

    private final class Recorder extends LinkEventsAdapter {

        @Override
        public void onLinkOpened(long link, PeerAddress dialled, String remoteHost) {
            frames.put(link, new AtomicInteger());
            links.put(dialled, link);
        }

        @Override
        public void onFrame(long link, Frame frame) {
            frames.get(link).incrementAndGet();
        }

        @Override
        public void onCongestionCleared() {
            cleared.incrementAndGet();
        }
    }
}
