package dev.peermesh.soak;

import java.nio.ByteBuffer;

/**
 * A soak message's payload: which publisher, its sequence number among that publisher's soak messages, and when it
 * was published ({@link System#nanoTime()}: every node runs in this JVM, so one clock times every delivery).
 *
 * @param publisher index of the publisher, 0-based
 * @param sequence the publisher's count of soak messages before this one
 * @param publishedAt nano time of the publish
 */
record SoakPayload(int publisher, int sequence, long publishedAt) {

    /** The size of every soak payload, the rest zeros: a small event. */
    static final int SIZE = 256;

    byte[] bytes() {
        return ByteBuffer.allocate(SIZE).putInt(publisher).putInt(sequence).putLong(publishedAt).array();
    }

    static SoakPayload of(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new SoakPayload(buffer.getInt(), buffer.getInt(), buffer.getLong());
    }
}
