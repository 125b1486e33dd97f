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

    private State state = State.READ_LENGTH;

    private int frameLength;

    public FrameDecoder(FrameLimits limits) {
        this.limits = limits;
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
