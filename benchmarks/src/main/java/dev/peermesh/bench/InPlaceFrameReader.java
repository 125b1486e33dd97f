package dev.peermesh.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Reads length-prefixed frames (4-byte length, then the payload) where they lie in the buffer the socket read into:
 * only a frame cut by a read boundary is copied, into a pooled buffer, until its rest arrives. Not a
 * {@code ByteToMessageDecoder}, whose cumulation copied every read into unpooled zeroed memory (47 % of the old
 * bound's loop in issue 17's profile).
 *
 * <p>{@code pipeline.addLast(new InPlaceFrameReader(maxLength, (buf, index, length) -> …))}
 */
final class InPlaceFrameReader extends ChannelInboundHandlerAdapter {

    /** Bytes of the length prefix. */
    static final int LENGTH_FIELD = 4;

    /** Gets each frame's payload: {@code length} bytes at {@code index} of {@code buf}, valid during the call. */
    @FunctionalInterface
    interface FrameSink {
        void frame(ByteBuf buf, int index, int length);
    }

    private final int maxLength;

    private final FrameSink sink;

    /** The start of a frame cut by the last read, or null when the last read ended on a frame boundary. */
    private ByteBuf partial;

    InPlaceFrameReader(int maxLength, FrameSink sink) {
        this.maxLength = maxLength;
        this.sink = sink;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (partial != null && !completePartial(ctx, in)) {
                return;
            }
            while (in.readableBytes() >= LENGTH_FIELD) {
                int length = length(ctx, in.getInt(in.readerIndex()));
                if (length < 0 || in.readableBytes() < LENGTH_FIELD + length) {
                    break;
                }
                sink.frame(in, in.readerIndex() + LENGTH_FIELD, length);
                in.skipBytes(LENGTH_FIELD + length);
            }
            if (in.isReadable() && ctx.channel().isActive()) {
                int wanted = in.readableBytes() >= LENGTH_FIELD
                        ? LENGTH_FIELD + Math.max(0, Math.min(maxLength, in.getInt(in.readerIndex())))
                        : 2 * LENGTH_FIELD;
                partial = ctx.alloc().ioBuffer(wanted);
                partial.writeBytes(in);
            }
        }
        finally {
            in.release();
        }
    }

    /** Adds the read's first bytes to the cut frame and hands it on when whole; false while it is still short. */
    private boolean completePartial(ChannelHandlerContext ctx, ByteBuf in) {
        if (partial.readableBytes() < LENGTH_FIELD) {
            partial.writeBytes(in, Math.min(LENGTH_FIELD - partial.readableBytes(), in.readableBytes()));
            if (partial.readableBytes() < LENGTH_FIELD) {
                return false;
            }
        }
        int length = length(ctx, partial.getInt(partial.readerIndex()));
        if (length < 0) {
            handlerRemoved(ctx);
            return false;
        }
        int missing = LENGTH_FIELD + length - partial.readableBytes();
        int take = Math.min(missing, in.readableBytes());
        partial.writeBytes(in, take);
        if (take < missing) {
            return false;
        }
        sink.frame(partial, partial.readerIndex() + LENGTH_FIELD, length);
        partial.release();
        partial = null;
        return true;
    }

    /** The length, or -1 after closing the channel when it is over the limit. */
    private int length(ChannelHandlerContext ctx, int length) {
        if (length < 0 || length > maxLength) {
            ctx.close();
            return -1;
        }
        return length;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }
}
