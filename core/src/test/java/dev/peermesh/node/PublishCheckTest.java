package dev.peermesh.node;

import dev.peermesh.Neighbor;
import dev.peermesh.PeerAddress;
import dev.peermesh.PublishRejectedException;
import dev.peermesh.PublishRejectedException.Cause;
import dev.peermesh.protocol.NeighborLimit;
import dev.peermesh.FrameLimits;
import dev.peermesh.wire.FrameWriter;

import java.util.HashMap;
import java.util.Map;

import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The checks a publish passes before it is accepted: each failure says what was wrong, with the value and the limit.
 */
class PublishCheckTest {

    private static final FrameLimits LIMITS = FrameLimits.defaults();

    @Test
    void ordinaryMessagePasses() {
        assertThatCode(() -> PublishCheck.check("news", Map.of("k", "v"), 1000, 0, LIMITS))
                .doesNotThrowAnyException();
    }

    @Test
    void onlyBackPressureRejectionsComeWithoutAStackTrace() {
        PublishRejectedException backPressure = new PublishRejectedException(Cause.BACKPRESSURE, "slow down");
        PublishRejectedException invalid = new PublishRejectedException(Cause.INVALID, "fix it");

        assertThat(backPressure.getStackTrace()).isEmpty();
        assertThat(backPressure).hasMessage("slow down");
        assertThat(invalid.getStackTrace()).isNotEmpty();
    }

    @Test
    void blankTopicIsRejectedAsInvalid() {
        rejected(" \t", Map.of(), 0, 0, Cause.INVALID).withMessage("Topic is blank; give every message a topic");
        rejected(null, Map.of(), 0, 0, Cause.INVALID).withMessageContaining("Topic is blank");
    }

    @Test
    void topicLongerThanTheLimitIsRejectedWithItsLength() {
        String topic = "t".repeat(257);

        rejected(topic, Map.of(), 0, 0, Cause.INVALID)
                .withMessageContaining("'" + "t".repeat(40) + "…'")
                .withMessageContaining("is 257 UTF-8 bytes; at most 256 are allowed");
    }

    @Test
    void topicQuotedInTheMessageIsEscaped() {
        String topic = "c\r\nERR FORGED\u001b[31m" + "t".repeat(257); // 18 characters before the t's

        rejected(topic, Map.of(), 0, 0, Cause.INVALID)
                .withMessageContaining("'c\\r\\nERR FORGED\\u001b[31m" + "t".repeat(22) + "…'")
                .withMessageNotContaining("\n").withMessageNotContaining("\u001b");
    }

    @Test
    void topicLengthIsCountedInUtf8Bytes() {
        String topic = "é".repeat(129); // 129 characters, 258 bytes

        rejected(topic, Map.of(), 0, 0, Cause.INVALID).withMessageContaining("is 258 UTF-8 bytes");
        assertThatCode(() -> PublishCheck.check("t".repeat(256), Map.of(), 0, 0, LIMITS)).doesNotThrowAnyException();
    }

    @Test
    void tooManyHeadersAreRejected() {
        Map<String, String> headers = new HashMap<>();
        for (int i = 0; i < 65; i++) {
            headers.put("h" + i, "v");
        }

        rejected("news", headers, 0, 0, Cause.INVALID).withMessage("Message has 65 headers; at most 64 are allowed");
    }

    @Test
    void emptyOrLongHeaderNameIsRejected() {
        rejected("news", Map.of("", "v"), 0, 0, Cause.INVALID)
                .withMessage("Header name '' is 0 UTF-8 bytes; use 1 to 256");
        rejected("news", Map.of("n".repeat(257), "v"), 0, 0, Cause.INVALID)
                .withMessageContaining("is 257 UTF-8 bytes; use 1 to 256");
    }

    @Test
    void longHeaderValueIsRejected() {
        rejected("news", Map.of("trace", "v".repeat(4097)), 0, 0, Cause.INVALID)
                .withMessage("Header 'trace' has a value of 4097 UTF-8 bytes; at most 4096 are allowed");
    }

    @Test
    void hopLimitOutOfRangeIsRejected() {
        rejected("news", Map.of(), 0, -1, Cause.INVALID).withMessageContaining("Hop limit -1 is out of range");
        rejected("news", Map.of(), 0, 65536, Cause.INVALID).withMessageContaining("Hop limit 65536 is out of range");
        assertThatCode(() -> PublishCheck.check("news", Map.of(), 0, 65535, LIMITS)).doesNotThrowAnyException();
    }

    @Test
    void messageOverTheMaximumSizeIsRejectedAsTooLargeSayingWhatToDo() {
        int payload = LIMITS.maxFrameLength();

        rejected("news", Map.of(), payload, 0, Cause.TOO_LARGE)
                .withMessageContaining("(payload " + payload + ")")
                .withMessageContaining("exceeds the maximum message size of " + LIMITS.maxFrameLength() + " bytes")
                .withMessageContaining("peermesh.max-message-size (MeshSettings.Builder.maxMessageSize)");
    }

    @Test
    void headersTheNodeAddsCountWithTheCallersOwnThoughNothingIsCopiedToCheckThem() {
        Map<String, String> full = new HashMap<>();
        for (int i = 0; i < LIMITS.maxHeaders(); i++) {
            full.put("h" + i, "v");
        }
        int fits = (int) (LIMITS.maxFrameLength() - FrameWriter.dataLength("news", Map.of(), 0));

        assertThatCode(() -> PublishCheck.check("news", full, 0, 0, 10, 0, LIMITS, 0)).doesNotThrowAnyException();
        assertThatExceptionOfType(PublishRejectedException.class)
                .isThrownBy(() -> PublishCheck.check("news", full, 1, 30, 10, 0, LIMITS, 0))
                .withMessageContaining((LIMITS.maxHeaders() + 1) + " headers (1 added by the node)");
        assertThatCode(() -> PublishCheck.check("news", Map.of(), 0, 0, fits, 0, LIMITS, 0))
                .doesNotThrowAnyException();
        assertThatExceptionOfType(PublishRejectedException.class)
                .isThrownBy(() -> PublishCheck.check("news", Map.of(), 1, 30, fits, 0, LIMITS, 0))
                .satisfies(ex -> assertThat(ex.cause()).isEqualTo(Cause.TOO_LARGE));
    }

    @Test
    void messageExactlyAtTheMaximumSizePassesAndOneByteMoreDoesNot() {
        Map<String, String> headers = Map.of("k", "v");
        int fits = (int) (LIMITS.maxFrameLength() - FrameWriter.dataLength("news", headers, 0));

        assertThatCode(() -> PublishCheck.check("news", headers, fits, 0, LIMITS)).doesNotThrowAnyException();
        rejected("news", headers, fits + 1, 0, Cause.TOO_LARGE)
                .withMessageContaining("Message of " + (LIMITS.maxFrameLength() + 1) + " bytes");
    }

    @Test
    void aNeighborsSmallerLimitCountsTheLongestSignatureThisNodeMakes() {
        NeighborLimit smallest = new NeighborLimit(new Neighbor(0x0102, new PeerAddress("10.0.0.7", 7400), true),
                FrameLimits.MIN_FRAME_LENGTH);
        int unsignedFits = (int) (FrameLimits.MIN_FRAME_LENGTH - FrameWriter.dataLength("news", Map.of(), 0));

        assertThatCode(() -> PublishCheck.checkNeighbors("news", Map.of(), unsignedFits, 0, 4 << 20, smallest))
                .doesNotThrowAnyException();
        assertThatExceptionOfType(PublishRejectedException.class)
                .isThrownBy(() -> PublishCheck.checkNeighbors("news", Map.of(), unsignedFits, 64, 4 << 20, smallest))
                .matches(ex -> ex.cause() == Cause.TOO_LARGE, "cause TOO_LARGE")
                .withMessage("Message of " + (FrameLimits.MIN_FRAME_LENGTH + 64) + " bytes (payload " + unsignedFits
                        + ", signature up to 64) exceeds the maximum message size of neighbor 0000000000000102 at"
                        + " 10.0.0.7:7400, 32768 bytes (this node's is 4194304); set the same"
                        + " peermesh.max-message-size on every node of the mesh (MeshSettings.Builder.maxMessageSize),"
                        + " or split the message");
    }

    @Test
    void withoutNeighborsOrWithNeighborsThatAcceptMoreOnlyTheNodesOwnLimitCounts() {
        NeighborLimit larger = new NeighborLimit(new Neighbor(0x0102, new PeerAddress("10.0.0.7", 7400), true),
                8 << 20);

        assertThatCode(() -> PublishCheck.checkNeighbors("news", Map.of(), 2 << 20, 0, 4 << 20, null))
                .doesNotThrowAnyException();
        assertThatCode(() -> PublishCheck.checkNeighbors("news", Map.of(), 2 << 20, 0, 4 << 20, larger))
                .doesNotThrowAnyException();
    }

    private static ThrowableAssertAlternative<PublishRejectedException> rejected(String topic,
            Map<String, String> headers, int payloadLength, int hopLimit, Cause cause) {
        return assertThatExceptionOfType(PublishRejectedException.class)
                .isThrownBy(() -> PublishCheck.check(topic, headers, payloadLength, hopLimit, LIMITS))
                .matches(ex -> ex.cause() == cause, "cause " + cause);
    }
}
