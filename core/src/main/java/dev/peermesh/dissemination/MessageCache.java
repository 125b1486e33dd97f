package dev.peermesh.dissemination;

import dev.peermesh.MessageId;
import dev.peermesh.wire.Frame;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Recent messages kept to answer GRAFTs from neighbors that missed them. Bounded three ways, oldest first out:
 * by count, by payload bytes and by age in maintenance ticks. A GRAFT for a message no longer here cannot be
 * answered; the asking node then tries another announcer, and reports a loss if none can help.
 *
 * <p>Payloads are copied into chunks of memory outside the Java heap (direct buffers), taken as needed (small ones
 * first) and reused once emptied; the messages given to {@link #put} are not kept, and {@link #get} builds a message
 * anew; the entries are arrays ({@link CacheEntries}), not an object each. A loaded node keeps tens of thousands of
 * messages for seconds: kept as objects they were most of its heap, and the garbage collector copied them from one
 * young collection to the next (a 3-node benchmark paused 20–190 ms at a time, against 2–3 ms while flooding, which
 * keeps nothing); chunks on the heap were still copied while the cache filled. Outside the heap the collector
 * neither copies nor scans them; a chunk's memory is freed with it.
 *
 * <p>Not thread-safe: owned by the node's protocol thread.
 */
public final class MessageCache {

    /** The first chunk's size: a node that keeps little holds little (a simulator runs thousands of them). */
    private static final int FIRST_CHUNK_BYTES = 1024;

    /**
     * The size chunks grow to; a payload longer than a chunk spans several. With 256 KiB chunks every node of a
     * 20-node benchmark JVM took a new chunk for the same 256th message at the same moment while its cache filled,
     * and the whole mesh stalled 3–30 ms each time; with 64 KiB chunks it does not (docs/benchmarks.md). Smaller
     * chunks come from the C allocator's free lists, where glibc maps each allocation of 128 KiB and more afresh.
     */
    private static final int CHUNK_BYTES = 64 << 10;

    /** Emptied full-size chunks kept for the next payloads, so a cache that turns over allocates nothing. */
    private static final int MAX_SPARES = 2;

    private final int maxMessages;

    private final long maxBytes;

    private final long maxAgeTicks;

    private final CacheEntries entries;

    /**
     * Payloads in the order they were kept, one stream of bytes cut into chunks, oldest chunk first; a position in
     * the stream is in the chunk whose range holds it.
     */
    private final List<Chunk> chunks = new ArrayList<>();

    private final Deque<ByteBuffer> spares = new ArrayDeque<>();

    /** Position after the newest payload; the oldest kept one starts at {@code tail - bytes}. */
    private long tail;

    private long bytes;

    private long tick;

    /** Bytes of the chunks in {@link #chunks}. */
    private long chunkBytes;

    /** Chunks allocated so far; for tests. */
    private long chunksTaken;

    public MessageCache(int maxMessages, long maxBytes, long maxAgeTicks) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.maxAgeTicks = maxAgeTicks;
        this.entries = new CacheEntries(maxMessages);
    }

    /** Keeps a message, evicting the oldest ones while a bound is exceeded. */
    public void put(Frame.Data message) {
        if (entries.find(message.origin(), message.sequence()) >= 0) {
            return;
        }
        byte[] payload = message.payload();
        if (payload.length > maxBytes) {
            // as before the chunks: a message over the bound pushed out everything, itself included
            while (!entries.isEmpty()) {
                evictOldest();
            }
            return;
        }
        while (!entries.isEmpty() && (entries.size() >= maxMessages || bytes + payload.length > maxBytes)) {
            evictOldest();
        }
        append(payload);
        entries.add(message.origin(), message.sequence(), tail, payload.length, message.hops(), message.hopLimit(),
                message.topic(), message.headers(), message.signature(), tick);
        tail += payload.length;
        bytes += payload.length;
    }

    /** The message, or {@code null} when it is not (or no longer) here. */
    public Frame.@Nullable Data get(MessageId id) {
        int slot = entries.find(id.origin(), id.sequence());
        if (slot < 0) {
            return null;
        }
        byte[] payload = new byte[entries.length(slot)];
        copyOut(entries.position(slot), payload);
        return new Frame.Data(id.origin(), id.sequence(), entries.hops(slot), entries.hopLimit(slot),
                entries.topic(slot), entries.headers(slot), payload, entries.signature(slot));
    }

    /**
     * Walks the messages held, newest first, while the visitor answers {@code true}: what a catch-up may replay
     * ({@link Replays}).
     */
    void forEachNewest(Visitor visitor) {
        for (int index = entries.size() - 1; index >= 0; index--) {
            int slot = entries.slotAt(index);
            if (!visitor.visit(entries.origin(slot), entries.sequence(slot), entries.topic(slot),
                    entries.headers(slot), tick - entries.tick(slot))) {
                return;
            }
        }
    }

    /** Sees a message held, without its payload. */
    @FunctionalInterface
    interface Visitor {

        /**
         * One message held.
         *
         * @param ageTicks maintenance ticks since it was kept
         * @return whether to go on with the next older one
         */
        boolean visit(long origin, long sequence, String topic, Map<String, String> headers, long ageTicks);
    }

    /** One maintenance tick passed: forget what is too old. */
    public void tick() {
        tick++;
        while (!entries.isEmpty() && tick - entries.tick(entries.oldest()) > maxAgeTicks) {
            evictOldest();
        }
    }

    /** Messages held now. */
    public int size() {
        return entries.size();
    }

    private void evictOldest() {
        bytes -= entries.length(entries.oldest());
        entries.removeOldest();
        releaseChunks();
    }

    /** Appends a payload at {@link #tail}, taking chunks as it needs them. */
    private void append(byte[] payload) {
        int done = 0;
        while (done < payload.length) {
            long at = tail + done;
            Chunk last = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
            if (last == null || at >= last.end()) {
                last = new Chunk(at, newChunk());
                chunks.add(last);
                chunkBytes += last.data.capacity();
            }
            int offset = (int) (at - last.start);
            int run = Math.min(payload.length - done, last.data.capacity() - offset);
            last.data.put(offset, payload, done, run);
            done += run;
        }
    }

    /** A spare chunk, or a new one: twice what is held, from {@link #FIRST_CHUNK_BYTES} to {@link #CHUNK_BYTES}. */
    /** Bytes of the chunks that hold payloads outside the Java heap (direct buffers); for tests. */
    long directBytes() {
        long direct = 0;
        for (Chunk chunk : chunks) {
            if (chunk.data.isDirect()) {
                direct += chunk.data.capacity();
            }
        }
        return direct;
    }

    /** Chunks allocated since the cache was made (not counting spares taken again); for tests. */
    long chunksTaken() {
        return chunksTaken;
    }

    private ByteBuffer newChunk() {
        ByteBuffer spare = spares.poll();
        if (spare != null) {
            return spare;
        }
        chunksTaken++;
        return ByteBuffer.allocateDirect((int) Math.min(CHUNK_BYTES, Math.max(FIRST_CHUNK_BYTES, chunkBytes)));
    }

    /** Gives back the chunks that hold no kept payload any more; full-size ones are kept for reuse. */
    private void releaseChunks() {
        long oldest = tail - bytes;
        int gone = 0;
        while (gone < chunks.size() && chunks.get(gone).end() <= oldest) {
            ByteBuffer data = chunks.get(gone).data;
            chunkBytes -= data.capacity();
            if (data.capacity() == CHUNK_BYTES && spares.size() < MAX_SPARES) {
                spares.push(data);
            }
            gone++;
        }
        if (gone > 0) {
            chunks.subList(0, gone).clear();
        }
    }

    /** Fills {@code target} from the chunks, from {@code position} on. */
    private void copyOut(long position, byte[] target) {
        int low = 0;
        int high = chunks.size() - 1;
        while (low < high) { // the last chunk starting at or before the position
            int middle = (low + high + 1) >>> 1;
            if (chunks.get(middle).start <= position) {
                low = middle;
            }
            else {
                high = middle - 1;
            }
        }
        int done = 0;
        for (int index = low; done < target.length; index++) {
            Chunk chunk = chunks.get(index);
            int offset = (int) (position + done - chunk.start);
            int run = Math.min(target.length - done, chunk.data.capacity() - offset);
            chunk.data.get(offset, target, done, run);
            done += run;
        }
    }

    /** Bytes of the payload stream from {@code start} on. */
    private record Chunk(long start, ByteBuffer data) {

        long end() {
            return start + data.capacity();
        }
    }
}
