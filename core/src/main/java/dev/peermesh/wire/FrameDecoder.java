package dev.peermesh.wire;

import dev.peermesh.FrameLimits;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Splits the byte stream of a link into frames. A state machine: read the length, read the frame, and after the
 * first violation discard everything that follows. A violation yields one {@link DecodeFailure} instead of an
 * exception, so the link handler can answer with the reason before closing.
 *
 * <p>Frames are read straight from each buffer the socket filled; only a frame cut by the end of a read is copied,
 * into a buffer of its own size, until the next read completes it. (Netty's {@code ByteToMessageDecoder} would copy
 * every read after a cut frame into one growing buffer, and on a small heap Netty's allocator serves those from
 * unpooled, zeroed memory: a quarter of the loop's time under load.)
 *
 * <p>A DATA frame that carries a run of an origin's messages ({@link Frame.DataRun}) is handed on as its messages,
 * one by one.
 *
 * <p>One instance per channel.
 */
public final class FrameDecoder extends ChannelInboundHandlerAdapter {

    private enum State {
        READ_LENGTH, READ_FRAME, FAILED
    }

    private final FrameLimits limits;

    /** The topic of the link's last DATA frame: a run of frames on one topic decodes it once. */
    private final LastTopic lastTopic = new LastTopic();

    private final int handshakeFrameLength;

    /** Whether the frame that ends the handshake (AUTH or WELCOME) was read: frames may be of any allowed size. */
    private boolean handshakeDone;

    private State state = State.READ_LENGTH;

    private int frameLength;

    /** The start of the length field or frame that the last read ended in; null when it ended between frames. */
    private @Nullable ByteBuf partial;

    /** A decoder that holds every frame to the limits alone. */
    public FrameDecoder(FrameLimits limits) {
        this(limits, 0);
    }

    /**
     * A decoder for a link: until it has read an AUTH or a WELCOME, the frames that end the handshake, frames longer
     * than {@code handshakeFrameLength} are refused as too large (0 for no such limit).
     */
    public FrameDecoder(FrameLimits limits, int handshakeFrameLength) {
        this.limits = limits;
        this.handshakeFrameLength = handshakeFrameLength;
        this.handshakeDone = handshakeFrameLength <= 0;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (partial != null && !completePartial(ctx, in)) {
                return;
            }
            while (state != State.FAILED && in.isReadable() && !ctx.isRemoved()) {
                int needed = state == State.READ_LENGTH ? FrameWriter.LENGTH_FIELD : frameLength;
                if (in.readableBytes() < needed) {
                    partial = ctx.alloc().buffer(needed, needed).writeBytes(in);
                    return;
                }
                consume(ctx, in);
            }
        }
        finally {
            in.release();
        }
    }

    /** Fills the cut length field or frame from {@code in}; true when it was complete and is consumed. */
    private boolean completePartial(ChannelHandlerContext ctx, ByteBuf in) {
        while (partial != null) {
            partial.writeBytes(in, Math.min(partial.writableBytes(), in.readableBytes()));
            if (partial.isWritable()) {
                return false;
            }
            ByteBuf whole = partial;
            partial = null;
            try {
                consume(ctx, whole);
            }
            finally {
                whole.release();
            }
            if (ctx.isRemoved()) {
                return false;
            }
            if (state == State.READ_FRAME && in.readableBytes() < frameLength) {
                partial = ctx.alloc().buffer(frameLength, frameLength);
            }
        }
        return state != State.FAILED;
    }

    /** Reads the length field or the frame the state expects; the buffer holds at least that many bytes. */
    private void consume(ChannelHandlerContext ctx, ByteBuf in) {
        if (state == State.READ_LENGTH) {
            readLength(ctx, in.readUnsignedInt());
        }
        else {
            readFrame(ctx, in.readSlice(frameLength));
        }
    }

    private void readLength(ChannelHandlerContext ctx, long length) {
        if (length < 2) {
            fail(ctx, Reason.PROTOCOL_ERROR, "frame length " + length + " is too short for version and type");
            return;
        }
        if (!handshakeDone && length > handshakeFrameLength) {
            fail(ctx, Reason.FRAME_TOO_LARGE, "frame of " + length + " bytes exceeds the limit of "
                    + handshakeFrameLength + " bytes before the handshake ends");
            return;
        }
        if (length > limits.maxFrameLength()) {
            fail(ctx, Reason.FRAME_TOO_LARGE, "frame of " + length + " bytes exceeds the limit of "
                    + limits.maxFrameLength() + " bytes");
            return;
        }
        frameLength = (int) length;
        state = State.READ_FRAME;
    }

    private void readFrame(ChannelHandlerContext ctx, ByteBuf frame) {
        int version = frame.readUnsignedByte();
        int code = frame.readUnsignedByte();
        if (version != FrameWriter.VERSION
                && !(version == FrameWriter.REFUSE_VERSION && code == FrameType.REFUSE.code())) {
            fail(ctx, Reason.UNSUPPORTED_VERSION, "protocol version " + version + " is not supported; this node speaks "
                    + FrameWriter.VERSION);
            return;
        }
        FrameType type = FrameType.of(code);
        if (type == null) {
            fail(ctx, Reason.PROTOCOL_ERROR, "unknown frame type " + code);
            return;
        }
        Frame decoded;
        try {
            decoded = FrameReader.read(type, frame, limits, lastTopic);
        }
        catch (MalformedFrameException ex) {
            fail(ctx, ex.reason(), ex.getMessage());
            return;
        }
        state = State.READ_LENGTH;
        if (type == FrameType.AUTH || type == FrameType.WELCOME) {
            handshakeDone = true;
        }
        if (decoded instanceof Frame.DataRun run) {
            List<Frame.Data> messages = run.messages();
            for (int i = 0; i < messages.size() && !ctx.isRemoved(); i++) {
                ctx.fireChannelRead(messages.get(i)); // each on its own, as if in a frame of its own
            }
            return;
        }
        ctx.fireChannelRead(decoded);
    }

    private void fail(ChannelHandlerContext ctx, Reason reason, String detail) {
        state = State.FAILED;
        ctx.fireChannelRead(new DecodeFailure(reason, detail));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        dropPartial();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        dropPartial();
    }

    private void dropPartial() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }
}
