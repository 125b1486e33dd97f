package dev.peermesh.transport;

import dev.peermesh.FrameLimits;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.FrameWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

import java.util.IdentityHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The frames queued for each link in this turn of the loop, encoded one after another into one buffer per link (a
 * bundle), so a link gets one buffer and one write per turn instead of one per frame: one allocation and one entry
 * in Netty's outbound queue for dozens of frames. A bundle goes out when it reaches {@link #BUNDLE_BYTES} or at the
 * next {@link #writeOut()}.
 *
 * <p>Consecutive messages of one origin for a link (the next sequence number, the same hops, hop limit and topic)
 * go into one DATA frame, a run ({@code docs/protocol.md}): the frame's head and the topic are written once for up
 * to {@link #RUN_BYTES}. A frame, or a message, sent to several links in a row is encoded once and copied into the
 * other bundles.
 *
 * <p>Loop thread only.
 */
final class Bundles {

    /**
     * Size at which a bundle is written without waiting for the end of the turn. At most what the pooled allocator
     * keeps in each thread's cache ({@code io.netty.allocator.maxCachedBufferCapacity}, 32 KiB): with 64 KiB bundles
     * every one came from the shared arena under its lock, 3.6 % of a saturated event loop (docs/benchmarks.md); a
     * flush still writes all of a link's bundles in one {@code writev}.
     */
    static final int BUNDLE_BYTES = 32 << 10;

    /**
     * A run takes another message while its frame stays within this many bytes (by the message's estimated length,
     * which counts characters: headers in other scripts can take it up to {@link FrameLimits#MIN_FRAME_LENGTH}) and
     * {@link Frame#MAX_RUN} messages; a longer message goes in a frame of its own. Every frame stays within
     * {@link FrameLimits#MIN_FRAME_LENGTH}, the least a peer may accept, so a run fits every neighbor its messages
     * fit.
     */
    static final int RUN_BYTES = 16 << 10;

    private Map<Channel, Bundle> open = new IdentityHashMap<>();

    /** The other map, swapped with {@link #open} while writing out (a write may close a channel, which discards). */
    private Map<Channel, Bundle> writing = new IdentityHashMap<>();

    /**
     * The frame last encoded, and where its bytes are: a frame sent to several links is encoded once. For a DATA
     * message, the bytes are its part of the run ({@link FrameWriter#writeMessage}).
     */
    private @Nullable Frame lastFrame;

    private @Nullable ByteBuf lastBundle;

    private int lastOffset;

    private int lastLength;

    /** Adds the frame to the channel's bundle. */
    void append(Channel channel, Frame frame) {
        if (frame instanceof Frame.Data message) {
            appendMessage(channel, message);
            return;
        }
        int estimate = frame == lastFrame ? lastLength : FrameWriter.estimatedLength(frame);
        Bundle bundle = room(channel, estimate);
        bundle.run = false;
        ByteBuf buffer = bundle.buffer;
        int start = buffer.writerIndex();
        if (frame == lastFrame) {
            buffer.writeBytes(lastBundle, lastOffset, lastLength);
        }
        else {
            try {
                FrameWriter.write(frame, buffer);
            }
            catch (RuntimeException ex) {
                buffer.writerIndex(start);
                throw ex;
            }
            remember(frame, buffer, start);
        }
        full(channel, bundle);
    }

    /** Adds a DATA message: to the run at the end of the channel's bundle if it continues it, else in a new frame. */
    private void appendMessage(Channel channel, Frame.Data message) {
        int part = message == lastFrame ? lastLength : FrameWriter.estimatedMessageLength(message);
        Bundle bundle = open.get(channel);
        if (bundle == null || !bundle.continues(message, part)) {
            bundle = room(channel, FrameWriter.estimatedHeadLength(message) + part);
            bundle.start(message);
        }
        ByteBuf buffer = bundle.buffer;
        int start = buffer.writerIndex();
        writeMessage(message, buffer, start, bundle);
        if (bundle.count > 0 && start - bundle.frameStart - FrameWriter.LENGTH_FIELD + (buffer.writerIndex() - start)
                > FrameLimits.MIN_FRAME_LENGTH) {
            // longer than estimated (headers in other scripts): in a frame of its own, as every peer can take it
            buffer.writerIndex(start);
            forgetLast(); // its bytes just written are about to be overwritten
            bundle = room(channel, FrameWriter.estimatedHeadLength(message) + part);
            bundle.start(message);
            start = bundle.buffer.writerIndex();
            writeMessage(message, bundle.buffer, start, bundle);
        }
        bundle.added();
        full(channel, bundle);
    }

    private void writeMessage(Frame.Data message, ByteBuf buffer, int start, Bundle bundle) {
        if (message == lastFrame) {
            buffer.writeBytes(lastBundle, lastOffset, lastLength);
            return;
        }
        try {
            FrameWriter.writeMessage(buffer, message);
        }
        catch (RuntimeException ex) {
            buffer.writerIndex(bundle.count == 0 ? bundle.frameStart : start);
            bundle.run = bundle.count > 0;
            throw ex;
        }
        remember(message, buffer, start);
    }

    /** Writes every open bundle to its channel (not flushed). */
    void writeOut() {
        forgetLast();
        Map<Channel, Bundle> out = open;
        open = writing;
        writing = out;
        for (Map.Entry<Channel, Bundle> entry : out.entrySet()) {
            entry.getKey().write(entry.getValue().buffer, entry.getKey().voidPromise());
        }
        out.clear();
    }

    /** Writes the channel's bundle, if it has one (not flushed). */
    void writeOut(Channel channel) {
        Bundle bundle = open.get(channel);
        if (bundle != null) {
            writeOut(channel, bundle);
        }
    }

    /** Bytes queued for the channel and not yet written to it. */
    int pending(Channel channel) {
        Bundle bundle = open.get(channel);
        return bundle == null ? 0 : bundle.buffer.readableBytes();
    }

    /** Drops the channel's bundle unsent (it closed). */
    void discard(Channel channel) {
        Bundle bundle = open.remove(channel);
        if (bundle != null) {
            if (bundle.buffer == lastBundle) {
                forgetLast();
            }
            bundle.buffer.release();
        }
    }

    /** Drops every bundle unsent (the links are being aborted). */
    void discardAll() {
        forgetLast();
        open.values().forEach(bundle -> bundle.buffer.release());
        open.clear();
    }

    /** The channel's bundle with room for {@code bytes} more, the full one written out first. */
    private Bundle room(Channel channel, int bytes) {
        Bundle bundle = open.get(channel);
        if (bundle != null && bundle.buffer.writableBytes() < bytes && bundle.buffer.isReadable()) {
            writeOut(channel, bundle);
            bundle = null;
        }
        if (bundle == null) {
            bundle = new Bundle(channel.alloc().ioBuffer(Math.max(BUNDLE_BYTES, bytes)));
            open.put(channel, bundle);
        }
        return bundle;
    }

    private void full(Channel channel, Bundle bundle) {
        if (bundle.buffer.readableBytes() >= BUNDLE_BYTES) {
            writeOut(channel, bundle);
        }
    }

    private void remember(Frame frame, ByteBuf buffer, int start) {
        lastFrame = frame;
        lastBundle = buffer;
        lastOffset = start;
        lastLength = buffer.writerIndex() - start;
    }

    private void writeOut(Channel channel, Bundle bundle) {
        open.remove(channel);
        if (bundle.buffer == lastBundle) {
            forgetLast();
        }
        channel.write(bundle.buffer, channel.voidPromise());
    }

    private void forgetLast() {
        lastFrame = null;
        lastBundle = null;
    }

    /** A link's buffer for this turn, and the DATA run it ends with, if it does. */
    private static final class Bundle {

        final ByteBuf buffer;

        /** Whether the buffer ends with a DATA frame that a message may continue. */
        boolean run;

        /** Where that frame starts (its length field). */
        int frameStart;

        /** Messages in it. */
        int count;

        /** Its first message: the run's origin, first sequence number, hops, hop limit and topic. */
        private Frame.@Nullable Data first;

        Bundle(ByteBuf buffer) {
            this.buffer = buffer;
        }

        /** Whether the message continues the run, and its part of {@code part} bytes keeps the frame short enough. */
        boolean continues(Frame.Data message, int part) {
            return run && count < Frame.MAX_RUN && Frame.Data.continues(first, count, message)
                    && buffer.writerIndex() - frameStart + part <= RUN_BYTES && buffer.writableBytes() >= part;
        }

        /** Writes the head of a new DATA frame for the message. */
        void start(Frame.Data message) {
            int at = buffer.writerIndex();
            run = false;
            try {
                FrameWriter.writeDataHead(buffer, message);
            }
            catch (RuntimeException ex) {
                buffer.writerIndex(at);
                throw ex;
            }
            frameStart = at;
            run = true;
            count = 0;
            first = message;
        }

        /** The message's part was written: the frame's length covers it. */
        void added() {
            count++;
            FrameWriter.setLength(buffer, frameStart);
        }
    }
}
