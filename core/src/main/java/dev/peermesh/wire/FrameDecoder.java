package dev.peermesh.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Splits the byte stream of a link into frames. A state machine: read the length, read the frame, and after the
 * first violation discard everything that follows. A violation yields one {@link DecodeFailure} instead of an
 * exception, so the link handler can answer with the reason before closing.
 *
 * <p>One instance per channel.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    private enum State {
        READ_LENGTH, READ_FRAME, FAILED
    }

    private final FrameLimits limits;

    private final int handshakeFrameLength;

    /** Whether the frame that ends the handshake (AUTH or WELCOME) was read: frames may be of any allowed size. */
    private boolean handshakeDone;

    private State state = State.READ_LENGTH;

    private int frameLength;

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
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case READ_LENGTH -> readLength(in, out);
            case READ_FRAME -> readFrame(in, out);
            case FAILED -> in.skipBytes(in.readableBytes());
        }
    }

    private void readLength(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < FrameWriter.LENGTH_FIELD) {
            return;
        }
        long length = in.readUnsignedInt();
        if (length < 2) {
            fail(in, out, Reason.PROTOCOL_ERROR, "frame length " + length + " is too short for version and type");
            return;
        }
        if (!handshakeDone && length > handshakeFrameLength) {
            fail(in, out, Reason.FRAME_TOO_LARGE, "frame of " + length + " bytes exceeds the limit of "
                    + handshakeFrameLength + " bytes before the handshake ends");
            return;
        }
        if (length > limits.maxFrameLength()) {
            fail(in, out, Reason.FRAME_TOO_LARGE, "frame of " + length + " bytes exceeds the limit of "
                    + limits.maxFrameLength() + " bytes");
            return;
        }
        frameLength = (int) length;
        state = State.READ_FRAME;
        readFrame(in, out);
    }

    private void readFrame(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < frameLength) {
            return;
        }
        ByteBuf frame = in.readSlice(frameLength);
        int version = frame.readUnsignedByte();
        if (version != FrameWriter.VERSION) {
            fail(in, out, Reason.UNSUPPORTED_VERSION, "protocol version " + version + " is not supported; this node speaks "
                    + FrameWriter.VERSION);
            return;
        }
        int code = frame.readUnsignedByte();
        FrameType type = FrameType.of(code);
        if (type == null) {
            fail(in, out, Reason.PROTOCOL_ERROR, "unknown frame type " + code);
            return;
        }
        try {
            out.add(FrameReader.read(type, frame, limits));
            state = State.READ_LENGTH;
            if (type == FrameType.AUTH || type == FrameType.WELCOME) {
                handshakeDone = true;
            }
        }
        catch (MalformedFrameException ex) {
            fail(in, out, ex.reason(), ex.getMessage());
        }
    }

    private void fail(ByteBuf in, List<Object> out, Reason reason, String detail) {
        state = State.FAILED;
        in.skipBytes(in.readableBytes());
        out.add(new DecodeFailure(reason, detail));
    }
}
