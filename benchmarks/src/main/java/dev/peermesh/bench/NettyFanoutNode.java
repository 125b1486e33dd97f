package dev.peermesh.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The physical bound: no protocol at all. Every node keeps a TCP connection to every other node and writes each
 * message, length-prefixed, straight to all of them; receivers only strip the length and record the delivery.
 *
 * <p>{@code new NettyFanoutNode(index, nodes, basePort, recorder)}
 */
final class NettyFanoutNode implements BroadcastNode {

    private static final int LENGTH_FIELD = 4;

    /** Frames written per loop task before one flush per peer. */
    private static final int RUN = 256;

    /** Frames waiting for the loop before publishers are pushed back. */
    private static final int MAX_QUEUED = 1_000;

    private final int index;

    private final int nodes;

    private final int basePort;

    private final DeliveryRecorder recorder;

    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    private final List<Channel> peers = new ArrayList<>();

    private final AtomicLong bytesOut = new AtomicLong();

    /** Frames from the publishing threads, written by the loop in runs: the batching any tuned sender does. */
    private final Queue<ByteBuf> outgoing = new ConcurrentLinkedQueue<>();

    private final AtomicInteger queued = new AtomicInteger();

    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    private Channel server;

    NettyFanoutNode(int index, int nodes, int basePort, DeliveryRecorder recorder) {
        this.index = index;
        this.nodes = nodes;
        this.basePort = basePort;
        this.recorder = recorder;
    }

    @Override
    public void join() throws InterruptedException {
        server = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                // Strip the length prefix: one payload per frame.
                                .addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, LENGTH_FIELD, 0, LENGTH_FIELD))
                                // Record the delivery; the payload is dropped.
                                .addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                        recorder.delivered(frame.getLong(frame.readerIndex()), frame.readableBytes());
                                    }
                                });
                    }
                }).bind("127.0.0.1", basePort + index).sync().channel();
    }

    @Override
    public boolean awaitMembers(long timeoutMillis) throws InterruptedException {
        Bootstrap dialer = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        // send only: frames are written already framed
                    }
                });
        long deadline = System.currentTimeMillis() + timeoutMillis;
        for (int other = 0; other < nodes; other++) {
            while (other != index) {
                var connect = dialer.connect("127.0.0.1", basePort + other).await();
                if (connect.isSuccess()) {
                    peers.add(connect.channel());
                    break;
                }
                if (System.currentTimeMillis() > deadline) {
                    return false;
                }
                Thread.sleep(50);
            }
        }
        return true;
    }

    @Override
    public boolean broadcast(byte[] payload) {
        if (queued.get() >= MAX_QUEUED) {
            return false;
        }
        for (Channel peer : peers) {
            if (!peer.isWritable()) {
                return false;
            }
        }
        if (peers.isEmpty()) {
            return true;
        }
        ByteBuf frame = peers.get(0).alloc().ioBuffer(LENGTH_FIELD + payload.length);
        frame.writeInt(payload.length).writeBytes(payload);
        queued.incrementAndGet();
        outgoing.add(frame);
        if (drainScheduled.compareAndSet(false, true)) {
            loop.execute(this::drain);
        }
        bytesOut.addAndGet((long) (LENGTH_FIELD + payload.length) * peers.size());
        return true;
    }

    /** On the loop: a run of queued frames to every peer, then one flush per peer. */
    private void drain() {
        for (int i = 0; i < RUN; i++) {
            ByteBuf frame = outgoing.poll();
            if (frame == null) {
                break;
            }
            queued.decrementAndGet();
            for (Channel peer : peers) {
                peer.write(frame.retainedDuplicate(), peer.voidPromise());
            }
            frame.release();
        }
        for (Channel peer : peers) {
            peer.flush();
        }
        drainScheduled.set(false);
        if (!outgoing.isEmpty() && drainScheduled.compareAndSet(false, true)) {
            loop.execute(this::drain);
        }
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
    }
}
