package dev.peermesh.transport;

import dev.peermesh.FrameLimits;
import dev.peermesh.PeerAddress;
import dev.peermesh.wire.Frame;
import io.netty.channel.Channel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Links over Linux's native epoll, with the native library the project tests with (netty-transport-native-epoll
 * 4.2.18.Final, the newest this machine's registry serves) beside the Netty 4.2 classes Spring Boot manages: the
 * library loads, links use it, and frames cross them intact; {@code -Dpeermesh.transport.native=false} still gives
 * NIO. The rest of core's tests run on NIO (the surefire setting), the sockets an application gets without the
 * library.
 */
class NativeSocketsTest {

    private static final String PROPERTY = "peermesh.transport.native";

    private static final int FRAMES = 2_000;

    private final String before = System.getProperty(PROPERTY);

    private final List<NettyTransport> transports = new CopyOnWriteArrayList<>();

    @AfterEach
    void restore() {
        transports.forEach(NettyTransport::shutdown);
        if (before == null) {
            System.clearProperty(PROPERTY);
        }
        else {
            System.setProperty(PROPERTY, before);
        }
    }

    @Test
    void onLinuxTheNativeLibraryLoadsAndLinksUseEpoll() throws Exception {
        assumeThat(linuxX86()).as("the test classpath carries the linux-x86_64 library only").isTrue();
        assertThat(Epoll.isAvailable()).as("epoll unavailable: %s", Epoll.unavailabilityCause()).isTrue();

        System.setProperty(PROPERTY, "true");

        assertThat(framesCrossALink()).allMatch(EpollSocketChannel.class::isInstance);
    }

    @Test
    void turningNativeSocketsOffGivesNio() throws Exception {
        System.setProperty(PROPERTY, "false");

        assertThat(framesCrossALink()).allMatch(NioSocketChannel.class::isInstance);
    }

    /** Sends {@value #FRAMES} DATA frames from a dialling transport to a listening one; gives both channels. */
    private List<Channel> framesCrossALink() throws Exception {
        List<Channel> channels = new CopyOnWriteArrayList<>();
        Recorder listening = new Recorder();
        Recorder dialling = new Recorder();
        NettyTransport server = transport("listening", listening, channels);
        NettyTransport client = transport("dialling", dialling, channels);
        InetSocketAddress bound = server.bind("127.0.0.1", 0);
        server.accept();
        PeerAddress address = new PeerAddress("127.0.0.1", bound.getPort());
        client.loop().submit(() -> client.dial(address)).get(5, TimeUnit.SECONDS);
        await().atMost(5, TimeUnit.SECONDS).until(() -> dialling.links.containsKey(address));
        long link = dialling.links.get(address);

        client.loop().submit(() -> {
            // a WELCOME ends the handshake for the reader: DATA frames may then be longer than handshake frames
            client.send(link, new Frame.Welcome(List.of()));
            for (int i = 1; i <= FRAMES; i++) {
                client.send(link, new Frame.Data(7, i, 1, 0, "native", Map.of("n", Integer.toString(i)),
                        new byte[1024]));
            }
            client.flush();
        }).get(5, TimeUnit.SECONDS);

        await().atMost(10, TimeUnit.SECONDS).until(() -> listening.data.get() == FRAMES);
        assertThat(listening.lastSequence.get()).isEqualTo(FRAMES);
        assertThat(channels).hasSize(2);
        return channels;
    }

    private NettyTransport transport(String name, Recorder events, List<Channel> channels) {
        NettyTransport transport = new NettyTransport(name, FrameLimits.defaults(), new NettyTransport.Options(
                Duration.ofSeconds(2), 16 << 20, 1 << 20, Duration.ofSeconds(1)), events);
        transports.add(transport);
        transport.extendLinks(channels::add);
        return transport;
    }

    private static boolean linuxX86() {
        String arch = System.getProperty("os.arch", "");
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    /** Counts the DATA frames a transport reads, in order. */
    private static final class Recorder extends LinkEventsAdapter {

        private final Map<PeerAddress, Long> links = new ConcurrentHashMap<>();

        private final AtomicInteger data = new AtomicInteger();

        private final AtomicInteger lastSequence = new AtomicInteger();

        @Override
        public void onLinkOpened(long link, PeerAddress dialled, String remoteHost) {
            if (dialled != null) {
                links.put(dialled, link);
            }
        }

        @Override
        public void onFrame(long link, Frame frame) {
            if (frame instanceof Frame.Data message && message.sequence() == lastSequence.get() + 1
                    && message.headers().get("n").equals(Long.toString(message.sequence()))) {
                lastSequence.set((int) message.sequence());
                data.incrementAndGet();
            }
        }
    }
}
