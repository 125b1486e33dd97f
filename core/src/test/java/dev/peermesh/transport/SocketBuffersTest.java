package dev.peermesh.transport;

import dev.peermesh.FrameLimits;
import dev.peermesh.PeerAddress;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each link's kernel socket buffers are the ones the options ask for (limits.socket-send-buffer and
 * limits.socket-receive-buffer), on the dialled and the accepted side alike, over NIO and epoll: left to the
 * operating system they grow to megabytes on a busy link, and what waits there delays everything behind it where
 * the node cannot see it (docs/benchmarks.md). Linux reports twice the size set (its bookkeeping share).
 */
class SocketBuffersTest {

    private static final String NATIVE = "peermesh.transport.native";

    private static final int SEND = 64 << 10;

    private static final int RECEIVE = 40 << 10;

    private final String before = System.getProperty(NATIVE);

    private final List<NettyTransport> transports = new CopyOnWriteArrayList<>();

    @AfterEach
    void restore() {
        transports.forEach(NettyTransport::shutdown);
        if (before == null) {
            System.clearProperty(NATIVE);
        }
        else {
            System.setProperty(NATIVE, before);
        }
    }

    @ParameterizedTest(name = "native sockets {0}")
    @ValueSource(booleans = {false, true})
    void bothEndsOfALinkHaveTheBuffersSet(boolean nativeSockets) throws Exception {
        System.setProperty(NATIVE, Boolean.toString(nativeSockets));
        List<Channel> channels = new CopyOnWriteArrayList<>();
        Map<PeerAddress, Long> opened = new ConcurrentHashMap<>();
        NettyTransport listening = transport("listening", new LinkEventsAdapter() { }, channels);
        NettyTransport dialling = transport("dialling", new LinkEventsAdapter() {
            @Override
            public void onLinkOpened(long link, PeerAddress dialled, String remoteHost) {
                opened.put(dialled, link);
            }
        }, channels);
        InetSocketAddress bound = listening.bind("127.0.0.1", 0);
        listening.accept();
        PeerAddress address = new PeerAddress("127.0.0.1", bound.getPort());

        dialling.loop().submit(() -> dialling.dial(address)).get(5, TimeUnit.SECONDS);

        await().atMost(5, TimeUnit.SECONDS).until(() -> opened.containsKey(address)
                && channels.size() == 2 && channels.stream().allMatch(Channel::isActive));
        for (Channel channel : channels) {
            assertThat(channel.config().getOption(ChannelOption.SO_SNDBUF)).as("send buffer of %s", channel)
                    .isBetween(SEND, 2 * SEND);
            assertThat(channel.config().getOption(ChannelOption.SO_RCVBUF)).as("receive buffer of %s", channel)
                    .isBetween(RECEIVE, 2 * RECEIVE);
        }
    }

    private NettyTransport transport(String name, LinkEvents events, List<Channel> channels) {
        NettyTransport transport = new NettyTransport(name, FrameLimits.defaults(), new NettyTransport.Options(
                Duration.ofSeconds(2), 16 << 20, 1 << 20, Duration.ofSeconds(1), SEND, RECEIVE), events);
        transports.add(transport);
        transport.extendLinks(channels::add);
        return transport;
    }
}
