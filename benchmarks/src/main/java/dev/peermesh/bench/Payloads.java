package dev.peermesh.bench;

/**
 * The benchmark's messages: 1 KiB whose first eight bytes are the publish time from {@link System#nanoTime()}, the
 * next four the publishing node's index.
 */
final class Payloads {

    /** Bytes in every benchmark message. */
    static final int SIZE = 1024;

    private Payloads() {
    }

    /** A new payload stamped now, from publisher 0. */
    static byte[] stamped() {
        return stamped(0);
    }

    /** A new payload stamped now, from node {@code publisher}. */
    static byte[] stamped(int publisher) {
        byte[] payload = new byte[SIZE];
        for (int i = 0; i < 4; i++) {
            payload[8 + i] = (byte) (publisher >>> (24 - 8 * i));
        }
        long now = System.nanoTime();
        for (int i = 0; i < 8; i++) {
            payload[i] = (byte) (now >>> (56 - 8 * i));
        }
        return payload;
    }

    /** The index of the node that published the payload. */
    static int publisher(byte[] payload) {
        int value = 0;
        for (int i = 8; i < 12; i++) {
            value = (value << 8) | (payload[i] & 0xFF);
        }
        return value;
    }

    /** The publish time stamped in the payload. */
    static long stamp(byte[] payload) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (payload[i] & 0xFF);
        }
        return value;
    }
}
