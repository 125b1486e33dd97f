package dev.peermesh.transport;

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
 * next {@link #writeOut()}. A frame sent to several links in a row is encoded once and copied into the other
 * bundles.
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

    private Map<Channel, ByteBuf> open = new IdentityHashMap<>();

    /** The other map, swapped with {@link #open} while writing out (a write may close a channel, which discards). */
    private Map<Channel, ByteBuf> writing = new IdentityHashMap<>();

    /** The frame last encoded, and where its bytes are: a frame sent to several links is encoded once. */
    private @Nullable Frame lastFrame;

    private @Nullable ByteBuf lastBundle;

    private int lastOffset;

    private int lastLength;

    /** Adds the frame to the channel's bundle. */
    void append(Channel channel, Frame frame) {
        ByteBuf bundle = open.get(channel);
        int estimate = frame == lastFrame ? lastLength : FrameWriter.estimatedLength(frame);
        if (bundle != null && bundle.writableBytes() < estimate && bundle.isReadable()) {
            writeOut(channel, bundle);
            bundle = null;
        }
        if (bundle == null) {
            bundle = channel.alloc().ioBuffer(Math.max(BUNDLE_BYTES, estimate));
            open.put(channel, bundle);
        }
        int start = bundle.writerIndex();
        if (frame == lastFrame) {
            bundle.writeBytes(lastBundle, lastOffset, lastLength);
        }
        else {
            try {
                FrameWriter.write(frame, bundle);
            }
            catch (RuntimeException ex) {
                bundle.writerIndex(start);
                throw ex;
            }
            lastFrame = frame;
            lastBundle = bundle;
            lastOffset = start;
            lastLength = bundle.writerIndex() - start;
        }
        if (bundle.readableBytes() >= BUNDLE_BYTES) {
            writeOut(channel, bundle);
        }
    }

    /** Writes every open bundle to its channel (not flushed). */
    void writeOut() {
        forgetLast();
        Map<Channel, ByteBuf> out = open;
        open = writing;
        writing = out;
        for (Map.Entry<Channel, ByteBuf> entry : out.entrySet()) {
            entry.getKey().write(entry.getValue(), entry.getKey().voidPromise());
        }
        out.clear();
    }

    /** Writes the channel's bundle, if it has one (not flushed). */
    void writeOut(Channel channel) {
        ByteBuf bundle = open.get(channel);
        if (bundle != null) {
            writeOut(channel, bundle);
        }
    }

    /** Bytes queued for the channel and not yet written to it. */
    int pending(Channel channel) {
        ByteBuf bundle = open.get(channel);
        return bundle == null ? 0 : bundle.readableBytes();
    }

    /** Drops the channel's bundle unsent (it closed). */
    void discard(Channel channel) {
        ByteBuf bundle = open.remove(channel);
        if (bundle != null) {
            if (bundle == lastBundle) {
                forgetLast();
            }
            bundle.release();
        }
    }

    /** Drops every bundle unsent (the links are being aborted). */
    void discardAll() {
        forgetLast();
        open.values().forEach(ByteBuf::release);
        open.clear();
    }

    private void writeOut(Channel channel, ByteBuf bundle) {
        open.remove(channel);
        if (bundle == lastBundle) {
            forgetLast();
        }
        channel.write(bundle, channel.voidPromise());
    }

    private void forgetLast() {
        lastFrame = null;
        lastBundle = null;
    }
}
