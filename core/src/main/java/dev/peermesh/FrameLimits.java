package dev.peermesh;


/**
 * Bounds on every variable-length field a peer controls. A frame over any bound is refused and its link closed.
 *
 * <p>{@code new FrameDecoder(FrameLimits.defaults().withMaxFrameLength(4 << 20))}
 *
 * @param maxFrameLength longest frame, counted from the version byte to the end of the body
 * @param maxTopicLength longest topic, in UTF-8 bytes
 * @param maxHeaders most application headers on one DATA frame
 * @param maxHeaderNameLength longest header name, in UTF-8 bytes
 * @param maxHeaderValueLength longest header value, in UTF-8 bytes
 */
public record FrameLimits(int maxFrameLength, int maxTopicLength, int maxHeaders, int maxHeaderNameLength,
        int maxHeaderValueLength) {

    /** Default for {@link #maxFrameLength}: 1 MiB. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 1 << 20;

    /** The smallest frame limit accepted: room for every control frame at its largest. */
    public static final int MIN_FRAME_LENGTH = 32 * 1024;

    /**
     * Longest frame a link's decoder accepts before the handshake ends (until an AUTH or a WELCOME is read): room for
     * the largest handshake frame, a REFUSE of 3,188 counted bytes.
     */
    public static final int MAX_HANDSHAKE_FRAME_LENGTH = 4096;

    /** Longest mesh id, in UTF-8 bytes. */
    public static final int MAX_MESH_ID_LENGTH = 255;

    /** Longest origin credential (public key or certificate) in an ORIGIN_KEY frame, in bytes. */
    public static final int MAX_CREDENTIAL_LENGTH = 4096;

    /** Longest reason detail on REFUSE and DISCONNECT, in UTF-8 bytes; longer details are cut. */
    public static final int MAX_DETAIL_LENGTH = 512;

    public FrameLimits {
        requireBetween("max-message-size", maxFrameLength, MIN_FRAME_LENGTH, Integer.MAX_VALUE);
        requireBetween("limits.topic-length", maxTopicLength, 1, 0xFFFF);
        requireBetween("limits.headers", maxHeaders, 0, 0xFFFF);
        requireBetween("limits.header-name-length", maxHeaderNameLength, 1, 0xFFFF);
        requireBetween("limits.header-value-length", maxHeaderValueLength, 0, 0xFFFF);
    }

    /** 1 MiB frames, 256-byte topics, 64 headers of at most 256-byte names and 4 KiB values. */
    public static FrameLimits defaults() {
        return new FrameLimits(DEFAULT_MAX_FRAME_LENGTH, 256, 64, 256, 4096);
    }

    /** A copy with another frame length limit. */
    public FrameLimits withMaxFrameLength(int length) {
        return new FrameLimits(length, maxTopicLength, maxHeaders, maxHeaderNameLength, maxHeaderValueLength);
    }

    private static void requireBetween(String setting, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidSettingException(setting, value, "allowed: " + min + " to " + max
                    + (max == 0xFFFF ? " (a 16-bit field on the wire)" : ""));
        }
    }
}
