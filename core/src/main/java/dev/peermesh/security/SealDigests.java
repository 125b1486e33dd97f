package dev.peermesh.security;

import dev.peermesh.wire.Frame;

import java.util.ArrayDeque;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The digests of the seals a node keeps, copied one after another into large chunks: filled in the order seals are
 * kept and emptied in the same order (the oldest seal goes first), so a chunk is given back once its last seal went,
 * and one emptied chunk is kept for the next. A chunk lives as long as many seals and is not copied by the garbage
 * collector from one young collection to the next as each seal's own array was; with the default 8 MiB of seals a
 * chunk is just under 1 MiB, one heap region of a small G1 heap. The tail of a chunk too short for the next seal's
 * digests is counted with that seal ({@link Slice#skipped()}), so chunks hold at most the bytes counted for the seals
 * kept plus three chunks (the oldest one partly emptied, the newest partly filled, the spare): an eighth of the
 * bound each, at least 16 KiB.
 *
 * <p>Not thread-safe: owned by the node's protocol thread.
 */
final class SealDigests {

    /** The largest chunk: 1 MiB less an array's header, so that it fills one 1 MiB G1 region and no more. */
    private static final int MAX_CHUNK_BYTES = (1 << 20) - 64;

    private final int chunkBytes;

    /** Oldest first; the last one is being filled. */
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();

    private byte @Nullable [] spare;

    /** One chunk: its bytes, how far they are filled, and how many kept seals still have digests in it. */
    private static final class Chunk {

        final byte[] bytes;

        int filled;

        int live;

        Chunk(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    /** Where one seal's digests are. */
    static final class Slice {

        private final Chunk chunk;

        private final int offset;

        private final int length;

        private final int skipped;

        private Slice(Chunk chunk, int offset, int length, int skipped) {
            this.chunk = chunk;
            this.offset = offset;
            this.length = length;
            this.skipped = skipped;
        }

        /** Bytes at the end of the chunk before this one left unused when these digests did not fit there. */
        int skipped() {
            return skipped;
        }

        /** Whether the digest at {@code index} is {@code digest} (its first {@link Frame#DIGEST_LENGTH} bytes). */
        boolean holdsAt(int index, byte[] digest) {
            int at = offset + index * Frame.DIGEST_LENGTH;
            return Arrays.equals(chunk.bytes, at, at + Frame.DIGEST_LENGTH, digest, 0, Frame.DIGEST_LENGTH);
        }

        /** Whether these are exactly {@code digests}. */
        boolean holds(byte[] digests) {
            return digests.length == length
                    && Arrays.equals(chunk.bytes, offset, offset + length, digests, 0, digests.length);
        }

        /** The digests, in an array of their own. */
        byte[] copy() {
            return Arrays.copyOfRange(chunk.bytes, offset, offset + length);
        }
    }

    /** Chunks sized for seals of at most {@code maxBytes} in all: an eighth of that, between 16 KiB and 1 MiB. */
    SealDigests(long maxBytes) {
        this.chunkBytes = (int) Math.min(MAX_CHUNK_BYTES, Math.max((long) Frame.MAX_SEALED * Frame.DIGEST_LENGTH,
                maxBytes / 8));
    }

    /** Copies a seal's digests in. */
    Slice add(byte[] digests) {
        Chunk current = chunks.peekLast();
        int skipped = 0;
        if (current == null || current.filled + digests.length > current.bytes.length) {
            if (current != null && current.live == 0) {
                retire(current);
            }
            else if (current != null) {
                skipped = current.bytes.length - current.filled; // held until that chunk's last seal goes
            }
            byte[] bytes = spare != null ? spare : new byte[chunkBytes];
            spare = null;
            current = new Chunk(bytes);
            chunks.addLast(current);
        }
        System.arraycopy(digests, 0, current.bytes, current.filled, digests.length);
        Slice slice = new Slice(current, current.filled, digests.length, skipped);
        current.filled += digests.length;
        current.live++;
        return slice;
    }

    /** The seal whose digests these were is no longer kept. */
    void release(Slice slice) {
        Chunk chunk = slice.chunk;
        chunk.live--;
        if (chunk.live == 0 && chunk != chunks.peekLast()) {
            retire(chunk);
        }
    }

    private void retire(Chunk chunk) {
        chunks.remove(chunk);
        if (spare == null) {
            spare = chunk.bytes;
        }
    }

    /** Bytes of the chunks in use and the spare one. */
    long chunkBytes() {
        long total = spare == null ? 0 : spare.length;
        for (Chunk chunk : chunks) {
            total += chunk.bytes.length;
        }
        return total;
    }
}
