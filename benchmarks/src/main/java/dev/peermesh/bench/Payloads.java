package dev.peermesh.bench;

/** The benchmark's messages: 1 KiB whose first eight bytes are the publish time from {@link System#nanoTime()}. */
final class Payloads {

    /** Bytes in every benchmark message. */
    static final int SIZE = 1024;

    private Payloads() {
    }

    /** A new payload stamped now. */
    static byte[] stamped() {
        byte[] payload = new byte[SIZE];
        long now = System.nanoTime();
        for (int i = 0; i < 8; i++) {
            payload[i] = (byte) (now >>> (56 - 8 * i));
        }
        return payload;
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
