package dev.peermesh.transport;

import dev.peermesh.MeshTls;
import dev.peermesh.PeerAddress;
import dev.peermesh.wire.Frame;
import dev.peermesh.FrameLimits;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.collection.LongObjectMap;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A node's TCP links over Netty: listens, dials, sends frames, closes links and reports what happens as
 * {@link LinkEvents}. All of a node's channels share one event loop thread, which is also the thread its protocol
 * runs on, so protocol state needs no locks.
 *
 * <p>{@code NettyTransport transport = new NettyTransport(name, limits, options, events);
 * transport.bind("0.0.0.0", 0);}
 */
public final class NettyTransport {

    private final FrameLimits limits;

    private final LinkEvents events;

    /**
     * Buffers for links come from Netty's pooled allocator, not its default adaptive one: on heaps under 512 MiB the
     * adaptive allocator serves the 64 KiB bundles and socket reads from unpooled, zeroed memory (a third of the
     * loop's time in a 3-node flood profile); the pooled one keeps them in per-thread caches at any heap size.
     */
    private static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

    private final Options options;

    private final SocketKind sockets = SocketKind.best();

    private final EventLoopGroup group;

    private final EventLoop loop;

    private final TrafficCounter traffic = new TrafficCounter();

    /**
     * Open links by id, looked up for every frame sent and every payload pushed ({@link #queuedBytes}): keyed by the
     * primitive id, as a {@code HashMap<Long, Channel>} boxed every id past 127, the ids of a node that has run a
     * while (each dial and accepted connection takes the next).
     */
    private final LongObjectMap<Channel> channels = new LongObjectHashMap<>();

    /** Whether {@link #abort()} ran: no link is opened or kept from then on. */
    private volatile boolean aborted;

    /** Links written to since the last {@link #flush()}. */
    private final Set<Channel> unflushed = new HashSet<>();

    /** Frames sent in this turn of the loop, one buffer per link. */
    private final Bundles bundles = new Bundles();

    private long linkIds;

    private volatile int congestedLinks;

    private @Nullable Channel server;

    private final @Nullable SslContext serverTls;

    private final @Nullable SslContext clientTls;

    private volatile Consumer<Channel> linkExtension = channel -> { };

    /**
     * Transport options.
     *
     * @param connectTimeout how long a dial may take
     * @param maxBacklogBytes bytes queued for one link before {@link LinkEvents#onBacklogOverflow} is reported
     * @param highWaterBytes bytes queued for one link past which it counts as congested, which holds local publishes
     *        back until it drains below half of it
     * @param closeTimeout how long a closing link may take to flush its last frames
     * @param sendBufferBytes each link socket's {@code SO_SNDBUF}, 0 for the operating system's own
     * @param receiveBufferBytes each link socket's {@code SO_RCVBUF}, 0 for the operating system's own; set on the
     *        listening socket too, so accepted links have it before their first byte (TCP's window scale is agreed
     *        in the handshake)
     */
    public record Options(Duration connectTimeout, int maxBacklogBytes, int highWaterBytes, Duration closeTimeout,
            int sendBufferBytes, int receiveBufferBytes) {

        /** The operating system's socket buffers. */
        public Options(Duration connectTimeout, int maxBacklogBytes, int highWaterBytes, Duration closeTimeout) {
            this(connectTimeout, maxBacklogBytes, highWaterBytes, closeTimeout, 0, 0);
        }
    }

    public NettyTransport(String name, FrameLimits limits, Options options, LinkEvents events) {
        this(name, limits, options, events, null);
    }

    /**
     * A transport whose links all run over mutually authenticated TLS when {@code tls} is given.
     *
     * @throws IllegalArgumentException when the key or trust material cannot make a TLS context
     */
    public NettyTransport(String name, FrameLimits limits, Options options, LinkEvents events, @Nullable MeshTls tls) {
        this.serverTls = tls == null ? null : TlsContexts.server(tls);
        this.clientTls = tls == null ? null : TlsContexts.client(tls);
        this.limits = limits;
        this.options = options;
        this.events = events;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("peermesh-" + name, true),
                sockets.handlers());
        this.loop = group.next();
    }

    /**
     * Listens on the address. Accepting starts only when {@link #accept()} is called, so nothing arrives before the
     * protocol is ready.
     *
     * @return the address actually bound
     */
    public InetSocketAddress bind(String host, int port) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(sockets.listener())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, ALLOCATOR)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .childHandler(new LinkChannelInitializer(null, this, this::track));
        if (options.receiveBufferBytes() > 0) {
            bootstrap.option(ChannelOption.SO_RCVBUF, options.receiveBufferBytes());
        }
        if (options.sendBufferBytes() > 0) {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, options.sendBufferBytes());
        }
        ChannelFuture bound = bootstrap.bind(host, port).sync();
        server = bound.channel();
        return (InetSocketAddress) server.localAddress();
    }

    /**
     * Has {@code extension} called with every new link's channel once its pipeline is built, before it is active:
     * for diagnostics and tests. A handler it adds last sees the frames going out as bytes, one frame per write,
     * before TLS and before anything else; it sees no frame coming in (the link stage takes them). Call before
     * {@link #bind}.
     */
    public void extendLinks(Consumer<Channel> extension) {
        this.linkExtension = java.util.Objects.requireNonNull(extension, "extension");
    }

    Consumer<Channel> linkExtension() {
        return linkExtension;
    }

    /** Starts accepting links. */
    public void accept() {
        server.config().setAutoRead(true);
    }

    /** The event loop all links and the protocol run on. */
    public EventLoop loop() {
        return loop;
    }

    /** Opens a link to the address; reports {@code onLinkOpened} or {@code onDialFailed}. Call on the loop. */
    public void dial(PeerAddress address) {
        if (aborted) {
            return;
        }
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(sockets.link())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, ALLOCATOR)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .handler(new LinkChannelInitializer(address, this, this::track));
        if (options.receiveBufferBytes() > 0) {
            bootstrap.option(ChannelOption.SO_RCVBUF, options.receiveBufferBytes());
        }
        if (options.sendBufferBytes() > 0) {
            bootstrap.option(ChannelOption.SO_SNDBUF, options.sendBufferBytes());
        }
        bootstrap.connect(address.host(), address.port()).addListener((ChannelFutureListener) future -> {
            if (!future.isSuccess()) {
                events.onDialFailed(address, String.valueOf(future.cause()));
            }
        });
    }

    /**
     * Queues a frame on a link; it goes out at the next {@link #flush()}, in one buffer with the link's other frames
     * of this turn ({@link Bundles}). Reports a backlog overflow when the link cannot keep up. Call on the loop.
     */
    public void send(long link, Frame frame) {
        Channel channel = channels.get(link);
        if (channel == null) {
            return;
        }
        unflushed.add(channel);
        bundles.append(channel, frame);
        if (!channel.isWritable() && channel.isActive()
                && backlog(channel) + bundles.pending(channel) > options.maxBacklogBytes()) {
            events.onBacklogOverflow(link);
        }
    }

    /**
     * Writes out everything {@link #send sent} since the last flush: one system call per link for a whole batch of
     * frames. Call on the loop, at the end of each batch of work.
     */
    public void flush() {
        // a flush can make a link writable again, and what that sets off may send more: flush a snapshot
        while (!unflushed.isEmpty()) {
            bundles.writeOut();
            Channel[] batch = unflushed.toArray(new Channel[0]);
            unflushed.clear();
            for (Channel channel : batch) {
                channel.flush();
            }
        }
    }

    /**
     * Whether some link has more bytes queued than its high-water mark. Publishers should back off until it clears;
     * readable from any thread.
     */
    public boolean congested() {
        return congestedLinks > 0;
    }

    /** Whether this link has more bytes queued than its high-water mark. Call on the loop. */
    public boolean congested(long link) {
        Channel channel = channels.get(link);
        return channel != null && !channel.isWritable();
    }

    /** Bytes queued for this link and not yet written to its socket, its open bundle included. Call on the loop. */
    public long queuedBytes(long link) {
        Channel channel = channels.get(link);
        return channel == null ? 0 : backlog(channel) + bundles.pending(channel);
    }

    /** The high-water mark past which a link counts as congested, in bytes. */
    public int congestionThreshold() {
        return waterMark().high();
    }

    /**
     * Back-pressure. While some link is congested, the node holds its own publishes back ({@link #congested()}),
     * and dissemination keeps payloads off congested links where it can repair them later; when the last congested
     * link drains, publishes flow again. Reading never stops: in a mesh, links congested in a cycle would wait for
     * one another for ever (tried, and the whole mesh stood still under load).
     */
    void congestionChanged(boolean congested) {
        congestedLinks += congested ? 1 : -1;
        if (congestedLinks == 0) {
            events.onCongestionCleared();
        }
    }

    /**
     * Stops reading every open link, so peers that send faster than this node's subscribers take are held back by
     * TCP (their links congest, and their back-pressure holds their publishers). Call on the loop.
     */
    public void pauseReading() {
        for (Channel channel : channels.values()) {
            channel.config().setAutoRead(false);
        }
    }

    /** Reads every open link again after {@link #pauseReading()}. Call on the loop. */
    public void resumeReading() {
        for (Channel channel : channels.values()) {
            channel.config().setAutoRead(true);
        }
    }

    /** Closes a link once what was sent on it is flushed, or after the close timeout. Call on the loop. */
    public void close(long link) {
        Channel channel = channels.get(link);
        if (channel == null) {
            return;
        }
        bundles.writeOut(channel);
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        loop.schedule(() -> {
            channel.close();
        }, options.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The address at the other end of a link, for logs; {@code "a closed link"} once it is gone. Call on the loop. */
    public String remoteAddress(long link) {
        Channel channel = channels.get(link);
        return channel == null || channel.remoteAddress() == null ? "a closed link"
                : channel.remoteAddress().toString();
    }

    /** Whether no link is open. */
    public boolean idle() {
        return channels.isEmpty();
    }

    /** Closes every link and the listener at once, without a word to the peers. Call on the loop. */
    public void abort() {
        aborted = true; // a dial the resolver answers later, or a link accepted meanwhile, is closed at once
        unflushed.clear();
        bundles.discardAll();
        for (Channel channel : List.copyOf(channels.values())) {
            channel.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Stops listening and shuts the event loop down. */
    public void shutdown() {
        if (server != null) {
            server.close().awaitUninterruptibly(options.closeTimeout().toMillis());
        }
        // Every link still open — one dialled or accepted as the node went down — is closed on the loop before the
        // loop ends, so no socket outlives the node; the loop's own end does not close them all.
        try {
            loop.submit(() -> {
                for (Channel channel : List.copyOf(channels.values())) {
                    channel.close();
                }
            }).awaitUninterruptibly(options.closeTimeout().toMillis());
        }
        catch (RejectedExecutionException ex) {
            // the loop is shutting down already
        }
        group.shutdownGracefully(0, options.closeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(options.closeTimeout().toMillis() * 2);
    }

    /** Bytes received on all links. */
    public long bytesIn() {
        return traffic.bytesIn();
    }

    /** Bytes sent on all links. */
    public long bytesOut() {
        return traffic.bytesOut();
    }

    /** A TLS handler for a new link, or {@code null} when links are plain TCP. */
    @Nullable SslHandler tlsHandler(Channel channel, @Nullable PeerAddress dialled) {
        if (serverTls == null) {
            return null;
        }
        return dialled == null ? serverTls.newHandler(channel.alloc())
                : clientTls.newHandler(channel.alloc(), dialled.host(), dialled.port());
    }

    long nextLinkId() {
        return ++linkIds;
    }

    FrameLimits limits() {
        return limits;
    }

    TrafficCounter traffic() {
        return traffic;
    }

    LinkEvents events() {
        return events;
    }

    private void track(Channel channel, long link) {
        if (aborted) {
            channel.close();
            return;
        }
        channels.put(link, channel);
        channel.closeFuture().addListener(future -> {
            channels.remove(link);
            bundles.discard(channel);
        });
    }

    private WriteBufferWaterMark waterMark() {
        int high = options.highWaterBytes();
        return new WriteBufferWaterMark(high / 2, high);
    }

    private static long backlog(Channel channel) {
        var buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }
}
