package dev.peermesh.node;

import dev.peermesh.NodeId;
import dev.peermesh.PublishRejectedException;
import dev.peermesh.PublishRejectedException.Cause;
import dev.peermesh.log.PeerText;
import dev.peermesh.protocol.NeighborLimit;
import dev.peermesh.FrameLimits;
import dev.peermesh.wire.FrameWriter;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Checks a message against the mesh's limits before it is accepted, so a publish fails at once and says why.
 */
final class PublishCheck {

    private PublishCheck() {
    }

    static void check(String topic, Map<String, String> headers, int payloadLength, int hopLimit, FrameLimits limits) {
        check(topic, headers, payloadLength, hopLimit, limits, 0);
    }

    /** The same for a node whose signatures take up to {@code signatureLength} bytes of each message. */
    static void check(String topic, Map<String, String> headers, int payloadLength, int hopLimit, FrameLimits limits,
            int signatureLength) {
        check(topic, headers, 0, 0, payloadLength, hopLimit, limits, signatureLength);
    }

    /**
     * The same for a message the node adds {@code addedHeaders} headers to, of {@code addedBytes} bytes in the frame
     * (negative when it shortens one), so the caller's headers are checked as they are, without a copy.
     */
    static void check(String topic, Map<String, String> headers, int addedHeaders, long addedBytes,
            int payloadLength, int hopLimit, FrameLimits limits, int signatureLength) {
        if (topic == null || topic.isBlank()) {
            throw new PublishRejectedException(Cause.INVALID, "Topic is blank; give every message a topic");
        }
        int topicLength = FrameWriter.utf8Length(topic);
        if (topicLength > limits.maxTopicLength()) {
            throw new PublishRejectedException(Cause.INVALID, "Topic '" + abbreviate(topic) + "' is " + topicLength
                    + " UTF-8 bytes; at most " + limits.maxTopicLength() + " are allowed");
        }
        if (hopLimit < 0 || hopLimit > 0xFFFF) {
            throw new PublishRejectedException(Cause.INVALID, "Hop limit " + hopLimit
                    + " is out of range; use 1 to 65535, or 0 for no limit");
        }
        if (headers.size() + addedHeaders > limits.maxHeaders()) {
            throw new PublishRejectedException(Cause.INVALID, "Message has " + (headers.size() + addedHeaders)
                    + " headers" + (addedHeaders > 0 ? " (" + addedHeaders + " added by the node)" : "")
                    + "; at most " + limits.maxHeaders() + " are allowed");
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            int name = FrameWriter.utf8Length(header.getKey());
            int value = FrameWriter.utf8Length(header.getValue());
            if (name == 0 || name > limits.maxHeaderNameLength()) {
                throw new PublishRejectedException(Cause.INVALID, "Header name '" + abbreviate(header.getKey())
                        + "' is " + name + " UTF-8 bytes; use 1 to " + limits.maxHeaderNameLength());
            }
            if (value > limits.maxHeaderValueLength()) {
                throw new PublishRejectedException(Cause.INVALID, "Header '" + abbreviate(header.getKey())
                        + "' has a value of " + value + " UTF-8 bytes; at most " + limits.maxHeaderValueLength()
                        + " are allowed");
            }
        }
        long size = FrameWriter.dataLength(topic, headers, payloadLength, signatureLength) + addedBytes;
        if (size > limits.maxFrameLength()) {
            throw new PublishRejectedException(Cause.TOO_LARGE, sized(size, payloadLength, signatureLength)
                    + " exceeds the maximum message size of " + limits.maxFrameLength()
                    + " bytes; split it or raise peermesh.max-message-size (MeshSettings.Builder.maxMessageSize) on "
                    + "every node of the mesh");
        }
    }

    /**
     * Checks a message that passed {@link #check} against the smallest maximum message size among the node's
     * neighbors, measured as their decoders measure it, so that no neighbor ever gets a message it would close the
     * link for.
     *
     * @param smallest the neighbor with the smallest limit, or {@code null} when the node has no neighbor
     * @param ownLimit this node's maximum message size
     */
    static void checkNeighbors(String topic, Map<String, String> headers, int payloadLength, int signatureLength,
            int ownLimit, @Nullable NeighborLimit smallest) {
        checkNeighbors(topic, headers, 0, payloadLength, signatureLength, ownLimit, smallest);
    }

    /** The same for a message the node adds {@code addedBytes} bytes of headers to. */
    static void checkNeighbors(String topic, Map<String, String> headers, long addedBytes, int payloadLength,
            int signatureLength, int ownLimit, @Nullable NeighborLimit smallest) {
        if (smallest == null || smallest.maxMessageSize() >= ownLimit) {
            return; // within this node's own limit, checked before
        }
        long size = FrameWriter.dataLength(topic, headers, payloadLength, signatureLength) + addedBytes;
        if (size > smallest.maxMessageSize()) {
            throw new PublishRejectedException(Cause.TOO_LARGE, sized(size, payloadLength, signatureLength)
                    + " exceeds the maximum message size of neighbor "
                    + NodeId.format(smallest.neighbor().nodeId()) + " at "
                    + PeerText.escape(smallest.neighbor().address()) + ", " + smallest.maxMessageSize()
                    + " bytes (this node's is " + ownLimit + "); set the same peermesh.max-message-size on every"
                    + " node of the mesh (MeshSettings.Builder.maxMessageSize), or split the message");
        }
    }

    /** "Message of N bytes (payload P, signature up to S)": how both size refusals begin. */
    private static String sized(long size, int payloadLength, int signatureLength) {
        String signature = signatureLength > 0 ? ", signature up to " + signatureLength : "";
        return "Message of " + size + " bytes (payload " + payloadLength + signature + ")";
    }

    /** A topic or header quoted in the message: escaped, as it may come from a remote caller (an HTTP API). */
    private static String abbreviate(String text) {
        return text.length() <= 40 ? PeerText.escape(text) : PeerText.escape(text.substring(0, 40)) + "…";
    }
}
