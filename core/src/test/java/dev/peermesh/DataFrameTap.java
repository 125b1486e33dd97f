package dev.peermesh;

import dev.peermesh.wire.FrameType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test's hand on the DATA frames a real node writes to its links: added last to each link's pipeline (through
 * {@code MeshNode.Builder.linkExtension}), it splits every write into the frames it carries. It can
 * <em>alter</em> them — flip the last payload byte, as a relay that tampers with what it forwards — or <em>hold</em>
 * them back until the test releases them. Other frames pass untouched.
 */
final class DataFrameTap {

    private final boolean alter;

    private final boolean dropSeals;

    private final boolean reorderAndReplay;

    private volatile boolean holding;

    private final AtomicInteger sealsDropped = new AtomicInteger();

    private volatile long sealFirst;

    private final Set<Held> held = ConcurrentHashMap.newKeySet();

    private final AtomicInteger altered = new AtomicInteger();

    private final AtomicInteger largestSealGroup = new AtomicInteger();

    private DataFrameTap(boolean alter, boolean holding) {
        this(alter, holding, false, false);
    }

    private DataFrameTap(boolean alter, boolean holding, boolean dropSeals, boolean reorderAndReplay) {
        this.alter = alter;
        this.holding = holding;
        this.dropSeals = dropSeals;
        this.reorderAndReplay = reorderAndReplay;
    }

    /**
     * Drops every SEAL frame the node sends that starts at message {@code first} of its origin, each time it is sent:
     * the messages it covers arrive without what checks them.
     */
    static DataFrameTap droppingSealsStartingAt(long first) {
        DataFrameTap tap = new DataFrameTap(false, false, true, false);
        tap.sealFirst = first;
        return tap;
    }

    /** Passes every frame on untouched, noting the seal groups it sees. */
    static DataFrameTap passing() {
        return new DataFrameTap(false, false);
    }

    /** The most seals in one group among the SEAL frames the node sent so far. */
    int largestSealGroup() {
        return largestSealGroup.get();
    }

    /** Sends the DATA frames of each write in reverse order, each twice: a relay that reorders and replays. */
    static DataFrameTap reorderingAndReplaying() {
        return new DataFrameTap(false, false, false, true);
    }

    /** SEAL frames dropped so far. */
    int sealsDropped() {
        return sealsDropped.get();
    }

    /** Flips the last payload byte of every DATA frame the node sends. */
    static DataFrameTap altering() {
        return new DataFrameTap(true, false);
    }

    /** Holds back every DATA frame the node sends until {@link #release()}. */
    static DataFrameTap holding() {
        return new DataFrameTap(false, true);
    }

    /** What to give {@code MeshNode.Builder.linkExtension}. */
    void install(Channel channel) {
        channel.pipeline().addLast("data-tap", new Handler(channel));
    }

    /** DATA frames altered so far. */
    int altered() {
        return altered.get();
    }

    /** DATA frames held now. */
    int held() {
        int count = 0;
        for (Held h : held) {
            count += h.frames.size();
        }
        return count;
    }

    /** Stops holding and writes out what was held, in order, on each link. */
    void release() {
        holding = false;
        for (Held h : held) {
            h.channel.eventLoop().execute(() -> {
                for (ByteBuf frame : h.frames) {
                    h.channel.write(frame);
                }
                h.frames.clear();
                h.channel.flush();
            });
        }
    }

    private record Held(Channel channel, List<ByteBuf> frames) {
    }

    private final class Handler extends ChannelOutboundHandlerAdapter {

        private final Held mine;

        Handler(Channel channel) {
            this.mine = new Held(channel, new ArrayList<>());
            held.add(mine);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (!(msg instanceof ByteBuf bundle) || !bundle.isReadable()) {
                ctx.write(msg, promise);
                return;
            }
            // a write carries one or more whole frames (the transport bundles a turn's frames per link)
            List<ByteBuf> out = new ArrayList<>();
            List<ByteBuf> data = new ArrayList<>();
            for (int at = bundle.readerIndex(); at < bundle.writerIndex(); ) {
                int length = 4 + (int) bundle.getUnsignedInt(at);
                ByteBuf frame = ctx.alloc().buffer(length).writeBytes(bundle, at, length);
                at += length;
                if (is(frame, FrameType.SEAL)) { // origin, first, count, the digests, then the group's size
                    int count = frame.getUnsignedShort(frame.readerIndex() + 22);
                    largestSealGroup.accumulateAndGet(frame.getUnsignedByte(frame.readerIndex() + 24 + count * 32),
                            Math::max);
                }
                if (dropSeals && is(frame, FrameType.SEAL) && frame.getLong(frame.readerIndex() + 14) == sealFirst) {
                    frame.release();
                    sealsDropped.incrementAndGet();
                }
                else if (reorderAndReplay && is(frame, FrameType.DATA)) {
                    data.add(0, frame);
                    data.add(0, frame.retainedDuplicate());
                }
                else if (!is(frame, FrameType.DATA)) {
                    out.add(frame);
                }
                else if (holding) {
                    mine.frames.add(frame);
                }
                else {
                    if (alter) {
                        int last = frame.writerIndex() - 1;
                        frame.setByte(last, frame.getByte(last) ^ 0x01);
                        altered.incrementAndGet();
                    }
                    out.add(frame);
                }
            }
            bundle.release();
            out.addAll(data);
            for (ByteBuf frame : out) {
                ctx.write(frame, ctx.voidPromise());
            }
            if (!promise.isVoid()) {
                promise.trySuccess();
            }
        }

        private boolean is(ByteBuf frame, FrameType type) {
            return frame.readableBytes() > 6 && frame.getUnsignedByte(frame.readerIndex() + 5) == type.code();
        }
    }
}
