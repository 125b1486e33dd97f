package dev.peermesh.wire;

import io.netty.buffer.ByteBuf;

import org.jspecify.annotations.Nullable;

/**
 * The topic of a link's last DATA frame, as its bytes on the wire and as the string they decoded to, so that a run of
 * frames on one topic checks and decodes it once: a topic byte for byte equal to one already checked is taken as
 * that string; any other is checked and decoded anew.
 *
 * <p>Not thread-safe: one per link, used by its {@link FrameDecoder} on the link's event loop.
 */
final class LastTopic {

    private byte[] bytes = new byte[0];

    private @Nullable String topic;

    /**
     * The last topic if the next {@code length} bytes of {@code body} are its bytes, read past them; otherwise
     * {@code null}, and nothing read.
     */
    @Nullable String match(ByteBuf body, int length) {
        String last = topic;
        if (last == null || length != bytes.length) {
            return null;
        }
        int at = body.readerIndex();
        for (int i = 0; i < length; i++) {
            if (body.getByte(at + i) != bytes[i]) {
                return null;
            }
        }
        body.skipBytes(length);
        return last;
    }

    /** A topic that was checked and decoded from {@code length} bytes of {@code body} at {@code at}. */
    void remember(ByteBuf body, int at, int length, String decoded) {
        if (bytes.length != length) {
            bytes = new byte[length];
        }
        body.getBytes(at, bytes);
        topic = decoded;
    }
}
