package dev.peermesh.sim;

import dev.peermesh.wire.Frame;
import dev.peermesh.wire.FrameWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The bytes a frame takes on the wire, length prefix included, as the real codec writes it: DATA from
 * {@link FrameWriter#dataLength} (a payload is never copied), every other frame — all small — by writing it with
 * {@link FrameWriter#write} into one reused buffer, so a change to the wire format changes the model with it.
 *
 * <p>{@code int bytes = sizes.length(frame);}
 */
final class FrameSizes {

    private final ByteBuf scratch = Unpooled.buffer(512);

    int length(Frame frame) {
        if (frame instanceof Frame.Data data) {
            return Math.toIntExact(FrameWriter.LENGTH_FIELD + FrameWriter.dataLength(data.topic(), data.headers(),
                    data.payload().length, data.signature().length));
        }
        scratch.clear();
        FrameWriter.write(frame, scratch);
        return scratch.readableBytes();
    }
}
