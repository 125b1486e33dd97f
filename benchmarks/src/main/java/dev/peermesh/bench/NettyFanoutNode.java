package dev.peermesh.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The physical bound: no protocol at all, and every cost a tuned sender avoids avoided. One TCP connection per pair
 * of nodes (the higher index dials the lower; both directions use it); each message is written length-prefixed to
 * every other node; receivers read frames in place ({@link InPlaceFrameReader}) and only record the delivery.
 * Buffers come from the pooled allocator; publishers queue frames and the loop writes them in runs with one flush
 * per peer per run; a publisher blocks while the queue is full, which it stays while a peer's socket is not writable.
 *
 * <p>{@code new NettyFanoutNode(index, nodes, basePort, recorder)}
 */
final class NettyFanoutNode implements BroadcastNode {

    private static final int LENGTH_FIELD = InPlaceFrameReader.LENGTH_FIELD;

    /** Frames written per loop turn before one flush per peer; then the loop reads again. */
    private static final int RUN = 256;

    /** Frames waiting for the loop; a publisher blocks while this many are queued. */
    private static final int MAX_QUEUED = 1_000;

    /** Longest a publisher blocks before it reports push-back (only when a peer stops reading for that long). */
    private static final long PUBLISH_TIMEOUT_MILLIS = 1_000;

    /** The same allocator as peermesh's transport, not Netty 4.2's adaptive default (see NettyTransport). */
    private static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

    /** Per-link write window, as the 1–2 MiB per link of issue 17 and JGroups' 2 MB credits. */
    private static final WriteBufferWaterMark WINDOW = new WriteBufferWaterMark(1 << 20, 2 << 20);

    private final int index;

    private final int nodes;

    private final int basePort;

    private final DeliveryRecorder recorder;

    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    /** Dialled and accepted connections, one per other node; changed on the loop, read by publishers' waits. */
    private final List<Channel> peers = new CopyOnWriteArrayList<>();

    private final AtomicLong bytesOut = new AtomicLong();

    /** Frames from the publishing threads, written by the loop in runs: the batching any tuned sender does. */
    private final Queue<ByteBuf> outgoing = new ConcurrentLinkedQueue<>();

    /** Room in {@link #outgoing}: a publisher takes a permit, the loop gives it back once the frame is written. */
    private final Semaphore room = new Semaphore(MAX_QUEUED);

    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    private Channel server;

    NettyFanoutNode(int index, int nodes, int basePort, DeliveryRecorder recorder) {
        this.index = index;
        this.nodes = nodes;
        this.basePort = basePort;
        this.recorder = recorder;
    }

    /** The pipeline of every connection, dialled or accepted: frames in, and a drain when writable again. */
    private ChannelInitializer<SocketChannel> pipeline() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline()
                        // Frames read where they lie; the delivery is recorded from the stamp, the payload dropped.
                        .addLast(new InPlaceFrameReader(1 << 20,
                                (buf, at, length) -> recorder.delivered(buf.getLong(at), length)))
                        // Peers as they connect; a drain when a full socket takes data again.
                        .addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                peers.add(ctx.channel());
                                ctx.fireChannelActive();
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                peers.remove(ctx.channel());
                                ctx.fireChannelInactive();
                            }

                            @Override
                            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                                if (ctx.channel().isWritable()) {
                                    scheduleDrain();
                                }
                                ctx.fireChannelWritabilityChanged();
                            }
                        });
            }
        };
    }

    @Override
    public void join() throws InterruptedException {
        server = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, ALLOCATOR)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WINDOW)
                .childHandler(pipeline())
                .bind("127.0.0.1", basePort + index).sync().channel();
    }

    @Override
    public boolean awaitMembers(long timeoutMillis) throws InterruptedException {
        Bootstrap dialer = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, ALLOCATOR)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WINDOW)
                .handler(pipeline());
        long deadline = System.currentTimeMillis() + timeoutMillis;
        // One connection per pair: dial the lower indexes, the higher ones dial us.
        for (int other = 0; other < index; other++) {
            while (!dialer.connect("127.0.0.1", basePort + other).await().isSuccess()) {
                if (System.currentTimeMillis() > deadline) {
                    return false;
                }
                Thread.sleep(50);
            }
        }
        while (peers.size() < nodes - 1) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Blocks while the queue is full (a peer not writable keeps it full); false only after a second of that. */
    @Override
    public boolean broadcast(byte[] payload) throws InterruptedException {
        if (!room.tryAcquire(PUBLISH_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            return false;
        }
        ByteBuf frame = ALLOCATOR.directBuffer(LENGTH_FIELD + payload.length);
        frame.writeInt(payload.length).writeBytes(payload);
        outgoing.add(frame);
        scheduleDrain();
        return true;
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            loop.execute(this::drain);
        }
    }

    /** On the loop: a run of queued frames to every peer while all are writable, then one flush per peer. */
    private void drain() {
        drainScheduled.set(false);
        int written = 0;
        while (written < RUN && allWritable()) {
            ByteBuf frame = outgoing.poll();
            if (frame == null) {
                break;
            }
            for (Channel peer : peers) {
                peer.write(frame.retainedDuplicate(), peer.voidPromise());
            }
            bytesOut.addAndGet((long) frame.readableBytes() * peers.size());
            frame.release();
            room.release();
            written++;
        }
        for (Channel peer : peers) {
            peer.flush();
        }
        // A full run leaves the rest to the next loop turn, after the reads; a full socket waits for writability.
        if (written == RUN && !outgoing.isEmpty()) {
            scheduleDrain();
        }
    }

    private boolean allWritable() {
        for (Channel peer : peers) {
            if (!peer.isWritable()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public long bytesOut() {
        return bytesOut.get();
    }

    @Override
    public void close() {
        peers.forEach(Channel::close);
        if (server != null) {
            server.close();
        }
        loop.shutdownGracefully();
        ByteBuf frame;
        while ((frame = outgoing.poll()) != null) {
            frame.release();
        }
    }
}
