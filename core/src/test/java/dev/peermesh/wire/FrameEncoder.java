package dev.peermesh.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encodes {@link Frame}s with {@link FrameWriter}, for test pipelines that write frames as objects. A node's
 * transport encodes frames itself, once for every link a frame goes to, so this is a test fixture, not part of the
 * library. Stateless and sharable.
 */
@Sharable
public final class FrameEncoder extends MessageToByteEncoder<Frame> {

    /** The one instance. */
    public static final FrameEncoder INSTANCE = new FrameEncoder();

    private FrameEncoder() {
        super(Frame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
        FrameWriter.write(frame, out);
    }
}
