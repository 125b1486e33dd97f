package dev.peermesh.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the bytes a node's links receive and send, on the wire side of every other stage. Shared by a node's
 * channels.
 */
@Sharable
final class TrafficCounter extends ChannelDuplexHandler {

    private final LongAdder bytesIn = new LongAdder();

    private final LongAdder bytesOut = new LongAdder();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        bytesIn.add(size(msg));
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        bytesOut.add(size(msg));
        ctx.write(msg, promise);
    }

    long bytesIn() {
        return bytesIn.sum();
    }

    long bytesOut() {
        return bytesOut.sum();
    }

    private static long size(Object msg) {
        if (msg instanceof ByteBuf buf) {
            return buf.readableBytes();
        }
        return msg instanceof ByteBufHolder holder ? holder.content().readableBytes() : 0;
    }
}
