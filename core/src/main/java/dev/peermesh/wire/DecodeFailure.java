package dev.peermesh.wire;

/**
 * What {@link FrameDecoder} passes down the pipeline instead of a frame when input breaks the protocol. After a
 * failure the decoder discards everything else the link sends; the link handler answers with the reason and
 * closes the link.
 *
 * @param reason the reason to close the link with
 * @param detail what was wrong, for logs and the peer
 */
public record DecodeFailure(Reason reason, String detail) {
}
