package dev.peermesh.bench;

import java.nio.ByteBuffer;

/**
 * The {@link PublishersScenario}'s messages: 1 KiB with the publish time in the first eight bytes (as
 * {@link Payloads}), then the publisher's index, its sequence number and whether the message is measured (sent
 * after the warm-up).
 *
 * <p>{@code byte[] payload = SequencedPayloads.of(publisher, sequence, measured);}
 */
final class SequencedPayloads {

    private SequencedPayloads() {
    }

    static byte[] of(int publisher, int sequence, boolean measured) {
        byte[] payload = Payloads.stamped();
        ByteBuffer.wrap(payload, 8, 9).putInt(publisher).putInt(sequence).put((byte) (measured ? 1 : 0));
        return payload;
    }

    static int publisher(byte[] payload) {
        return ByteBuffer.wrap(payload).getInt(8);
    }

    static int sequence(byte[] payload) {
        return ByteBuffer.wrap(payload).getInt(12);
    }

    static boolean measured(byte[] payload) {
        return payload[16] == 1;
    }
}
