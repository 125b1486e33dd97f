package dev.peermesh.wire;

import dev.peermesh.FrameLimits;
import dev.peermesh.MessageId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.peermesh.wire.FrameAssertions.assertSameFrame;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input that breaks the format or a limit yields one {@link DecodeFailure} with the reason to close the link with,
 * and everything after it is discarded: never an exception, never unbounded memory.
 */
class FrameDecoderLimitsTest {

    private static final byte[] NONCE = new byte[Frame.NONCE_LENGTH];

    private final CodecChannel wire = new CodecChannel();

    @AfterEach
    void everyBufferIsReleased() {
        wire.close();
    }

    // ---- framing ----------------------------------------------------------------------------------------------

    @Test
    void frameLongerThanTheLimitIsRefusedAndTheRestDiscarded() {
        FrameLimits limits = FrameLimits.defaults().withMaxFrameLength(FrameLimits.MIN_FRAME_LENGTH);
        try (CodecChannel small = new CodecChannel(limits)) {
            ByteBuf oversize = RawFrame.of(FrameType.PING).u64(1).length(limits.maxFrameLength() + 1L).toBuffer();

            DecodeFailure failure = small.failure(oversize);

            assertThat(failure.reason()).isEqualTo(Reason.FRAME_TOO_LARGE);
            assertThat(failure.detail()).contains(String.valueOf(limits.maxFrameLength() + 1));
            assertThat(small.decode(small.encode(new Frame.Ping(2)), small.encode(new Frame.Pong(3)))).isEmpty();
            assertThat(small.allReleased()).isTrue();
        }
    }

    @Test
    void linkDecoderHoldsFramesToHandshakeSizeUntilTheHandshakeEnds() {
        FrameDecoder decoder = new FrameDecoder(FrameLimits.defaults(), FrameLimits.MAX_HANDSHAKE_FRAME_LENGTH);
        try (CodecChannel link = new CodecChannel(decoder)) {
            DecodeFailure failure = link.failure(RawFrame.lengthField(FrameLimits.MAX_HANDSHAKE_FRAME_LENGTH + 1L));

            assertThat(failure.reason()).isEqualTo(Reason.FRAME_TOO_LARGE);
            assertThat(failure.detail()).contains("4097").contains("before the handshake ends");
        }
    }

    @Test
    void linkDecoderTakesFramesUpToTheMessageSizeOnceAnAuthOrWelcomeWasRead() {
        Frame.Data large = new Frame.Data(1, 1, 1, 0, "t", Map.of(), new byte[64 * 1024]);
        for (Frame last : List.of(new Frame.Auth(new byte[Frame.PROOF_LENGTH]), new Frame.Welcome(List.of()))) {
            FrameDecoder decoder = new FrameDecoder(FrameLimits.defaults(), FrameLimits.MAX_HANDSHAKE_FRAME_LENGTH);
            try (CodecChannel link = new CodecChannel(decoder)) {
                List<Object> decoded = link.decode(link.encode(last), link.encode(large));

                assertThat(decoded).hasSize(2);
                assertSameFrame(decoded.get(1), large);
            }
        }
    }

    @Test
    void anOversizeFrameIsRefusedFromItsLengthAloneWithoutWaitingForItsBody() {
        DecodeFailure failure = wire.failure(RawFrame.lengthField(FrameLimits.DEFAULT_MAX_FRAME_LENGTH + 1L));

        assertThat(failure.reason()).isEqualTo(Reason.FRAME_TOO_LARGE);
    }

    @Test
    void aLengthFieldIsUnsignedSoItsTopBitMeansHugeNotNegative() {
        DecodeFailure failure = wire.failure(RawFrame.lengthField(0xFFFF_FFFFL));

        assertThat(failure.reason()).isEqualTo(Reason.FRAME_TOO_LARGE);
        assertThat(failure.detail()).contains("4294967295");
    }

    @Test
    void aDataFrameOneByteOverTheLimitIsRefused() {
        FrameLimits limits = FrameLimits.defaults().withMaxFrameLength(FrameLimits.MIN_FRAME_LENGTH);
        int payload = limits.maxFrameLength() - (int) FrameWriter.dataLength("t", Map.of(), 0) + 1;
        try (CodecChannel small = new CodecChannel(limits)) {
            ByteBuf tooLarge = small.encode(new Frame.Data(1, 1, 1, 0, "t", Map.of(), new byte[payload]));

            assertThat(small.failure(tooLarge).reason()).isEqualTo(Reason.FRAME_TOO_LARGE);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1 })
    void aLengthTooShortForVersionAndTypeIsAProtocolError(int length) {
        DecodeFailure failure = wire.failure(RawFrame.lengthField(length));

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("frame length " + length);
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 2, 3, 5, 255 })
    void anUnsupportedVersionIsRefusedAsSuch(int version) {
        DecodeFailure failure = wire.failure(RawFrame.of(FrameType.PING).version(version).u64(1).toBuffer());

        assertThat(failure.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION);
        assertThat(failure.detail()).contains("version " + version);
    }

    @Test
    void aRefuseOfVersion1IsReadSoANewerNodeLearnsWhyAnOlderOneRefusedIt() {
        Object decoded = wire.decodeOne(RawFrame.of(FrameType.REFUSE).version(1).u8(Reason.UNSUPPORTED_VERSION.code())
                .string("protocol version 2 is not supported; this node speaks 1").u8(0).toBuffer());

        assertThat(decoded).isInstanceOfSatisfying(Frame.Refuse.class,
                refuse -> assertThat(refuse.detail()).endsWith("this node speaks 1"));
    }

    @Test
    void anUnsupportedVersionIsRefusedWhateverTheBodyLooksLike() {
        ByteBuf future = RawFrame.ofTypeCode(42).version(FrameWriter.VERSION + 1).bytes(1, 2, 3).toBuffer();

        assertThat(wire.failure(future).reason()).isEqualTo(Reason.UNSUPPORTED_VERSION);
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 24, 31, 32, 255 })
    void anUnknownFrameTypeIsAProtocolError(int code) {
        DecodeFailure failure = wire.failure(RawFrame.ofTypeCode(code).u64(1).toBuffer());

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("unknown frame type " + code);
    }

    @Test
    void framesBeforeABadOneAreStillDelivered() {
        ByteBuf stream = Unpooled.buffer();
        stream.writeBytes(wire.bytesOf(new Frame.Ping(1)));
        ByteBuf bad = RawFrame.ofTypeCode(99).toBuffer();
        stream.writeBytes(bad);
        bad.release();
        stream.writeBytes(wire.bytesOf(new Frame.Pong(1)));

        List<Object> decoded = wire.decode(stream);

        assertThat(decoded).hasSize(2);
        assertSameFrame(decoded.get(0), new Frame.Ping(1));
        assertThat(decoded.get(1)).isInstanceOfSatisfying(DecodeFailure.class,
                failure -> assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR));
    }

    @Test
    void afterAFailureNothingElseIsEverDecoded() {
        assertThat(wire.failure(RawFrame.ofTypeCode(99).toBuffer()).reason()).isEqualTo(Reason.PROTOCOL_ERROR);

        assertThat(wire.decode(wire.encode(new Frame.Ping(1)))).isEmpty();
        assertThat(wire.decode(RawFrame.ofTypeCode(98).toBuffer())).as("no second failure").isEmpty();
        assertThat(wire.decode(Unpooled.wrappedBuffer(new byte[] { 0, 0 }))).isEmpty();
        assertThat(wire.allReleased()).as("discarded input is released at once").isTrue();
    }

    // ---- bodies -----------------------------------------------------------------------------------------------

    @Test
    void aBodyShorterThanItsFieldsIsAProtocolError() {
        DecodeFailure failure = wire.failure(RawFrame.of(FrameType.PING).zeros(7).toBuffer());

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("PING frame is truncated");
    }

    @Test
    void aShortProofIsAProtocolError() {
        DecodeFailure failure = wire.failure(RawFrame.of(FrameType.AUTH).zeros(Frame.PROOF_LENGTH - 1).toBuffer());

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
    }

    @Test
    void bytesAfterTheBodyAreAProtocolError() {
        DecodeFailure failure = wire.failure(RawFrame.of(FrameType.PONG).u64(1).u8(0).toBuffer());

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("1 unexpected trailing bytes");
    }

    @Test
    void aStringLongerThanTheBytesLeftIsAProtocolError() {
        ByteBuf hello = RawFrame.of(FrameType.HELLO).u16(50).bytes('m', 'e', 's').toBuffer();

        DecodeFailure failure = wire.failure(hello);

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("mesh id claims 50 bytes but only 3 are left");
    }

    @Test
    void aMeshIdOverItsLimitIsAProtocolError() {
        ByteBuf hello = RawFrame.of(FrameType.HELLO).string("m".repeat(FrameLimits.MAX_MESH_ID_LENGTH + 1))
                .u64(1).address("h", 1).bytes(NONCE).toBuffer();

        DecodeFailure failure = wire.failure(hello);

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("mesh id is 256 bytes; at most 255");
    }

    @Test
    void aDetailOverItsLimitIsAProtocolError() {
        ByteBuf disconnect = RawFrame.of(FrameType.DISCONNECT).u8(Reason.LEAVING.code())
                .string("d".repeat(FrameLimits.MAX_DETAIL_LENGTH + 1)).u8(0).toBuffer();

        assertThat(wire.failure(disconnect).reason()).isEqualTo(Reason.PROTOCOL_ERROR);
    }

    @Test
    void aHostOverTheDnsLimitIsAProtocolError() {
        ByteBuf challenge = RawFrame.of(FrameType.CHALLENGE).u64(1).address("h".repeat(256), 1)
                .bytes(NONCE).bytes(NONCE).toBuffer();

        DecodeFailure failure = wire.failure(challenge);

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("host is 256 bytes");
    }

    @Test
    void aHelloWithoutMaxMessageSizeIsAProtocolErrorThatSaysTheVersionsDiffer() {
        ByteBuf hello = RawFrame.of(FrameType.HELLO).string("mesh").u64(1).address("10.0.0.1", 7400).bytes(NONCE)
                .u8(0).toBuffer();

        DecodeFailure failure = wire.failure(hello);

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).isEqualTo("HELLO frame has no max message size: the peer runs a peermesh version"
                + " from before this field; run the same version on every node");
    }

    @Test
    void aChallengeWithoutMaxMessageSizeIsAProtocolError() {
        ByteBuf challenge = RawFrame.of(FrameType.CHALLENGE).u64(1).address("h", 1).bytes(NONCE).bytes(NONCE)
                .toBuffer();

        DecodeFailure failure = wire.failure(challenge);

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).startsWith("CHALLENGE frame has no max message size");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, FrameLimits.MIN_FRAME_LENGTH - 1, Integer.MAX_VALUE + 1L, 0xFFFFFFFFL})
    void aMaxMessageSizeOutsideWhatANodeMaySetIsAProtocolError(long size) {
        ByteBuf hello = RawFrame.of(FrameType.HELLO).string("mesh").u64(1).address("10.0.0.1", 7400).bytes(NONCE)
                .u8(0).u32(size).toBuffer();

        DecodeFailure failure = wire.failure(hello);

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).isEqualTo("HELLO max message size " + size + " is out of range; allowed: "
                + FrameLimits.MIN_FRAME_LENGTH + " to " + Integer.MAX_VALUE);
    }

    @Test
    void portZeroInAnAddressIsAProtocolError() {
        ByteBuf hello = RawFrame.of(FrameType.HELLO).string("mesh").u64(1).address("10.0.0.1", 0).bytes(NONCE)
                .toBuffer();

        DecodeFailure failure = wire.failure(hello);

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("HELLO frame is invalid").contains("port 0");
    }

    @Test
    void portZeroInAReferralIsAProtocolError() {
        ByteBuf welcome = RawFrame.of(FrameType.WELCOME).u8(1).u64(5).address("10.0.0.1", 0).toBuffer();

        assertThat(wire.failure(welcome).reason()).isEqualTo(Reason.PROTOCOL_ERROR);
    }

    @Test
    void aBlankHostIsAProtocolError() {
        ByteBuf welcome = RawFrame.of(FrameType.WELCOME).u8(1).u64(5).address(" ", 7400).toBuffer();

        assertThat(wire.failure(welcome).reason()).isEqualTo(Reason.PROTOCOL_ERROR);
    }

    @Test
    void moreThanTenReferralsAreAProtocolError() {
        RawFrame welcome = RawFrame.of(FrameType.WELCOME).u8(Frame.MAX_REFERRALS + 1);
        for (int i = 0; i <= Frame.MAX_REFERRALS; i++) {
            welcome.u64(i + 1).address("10.0.0." + i, 7400);
        }

        DecodeFailure failure = wire.failure(welcome.toBuffer());

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("11 referrals in one frame; at most 10");
    }

    @Test
    void aReferralCountIsCheckedBeforeAnyReferralIsRead() {
        ByteBuf disconnect = RawFrame.of(FrameType.DISCONNECT).u8(Reason.LEAVING.code()).string("").u8(255)
                .toBuffer();

        assertThat(wire.failure(disconnect).detail()).contains("255 referrals");
    }

    // ---- DATA -------------------------------------------------------------------------------------------------

    @Test
    void aTopicOverTheLimitIsAProtocolError() {
        int max = FrameLimits.defaults().maxTopicLength();
        ByteBuf data = RawFrame.dataWithTopic("t".repeat(max + 1)).u16(0).u16(0).u32(0).toBuffer();

        DecodeFailure failure = wire.failure(data);

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("topic is " + (max + 1) + " bytes; at most " + max);
    }

    @Test
    void aTopicOfExactlyTheLimitIsAccepted() {
        String topic = "ü".repeat(FrameLimits.defaults().maxTopicLength() / 2);

        Object decoded = wire.decodeOne(RawFrame.dataWithTopic(topic).u16(0).u16(0).u32(0).toBuffer());

        assertThat(decoded).isInstanceOfSatisfying(Frame.Data.class, data -> assertThat(data.topic()).isEqualTo(topic));
    }

    @Test
    void moreHeadersThanTheLimitAreAProtocolError() {
        FrameLimits limits = new FrameLimits(FrameLimits.MIN_FRAME_LENGTH, 64, 2, 64, 64);
        ByteBuf data = RawFrame.dataWithTopic("t").u16(3).string("a").string("1").string("b").string("2")
                .string("c").string("3").u16(0).u32(0).toBuffer();
        try (CodecChannel strict = new CodecChannel(limits)) {
            DecodeFailure failure = strict.failure(data);

            assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
            assertThat(failure.detail()).contains("3 headers; at most 2");
        }
    }

    @Test
    void aHeaderCountIsCheckedBeforeAnyHeaderIsRead() {
        ByteBuf data = RawFrame.dataWithTopic("t").u16(0xFFFF).toBuffer();

        assertThat(wire.failure(data).detail()).contains("65535 headers");
    }

    @Test
    void aRepeatedHeaderNameIsAProtocolError() {
        ByteBuf data = RawFrame.dataWithTopic("t").u16(2).string("trace").string("1").string("trace").string("2")
                .u16(0).u32(0).toBuffer();

        DecodeFailure failure = wire.failure(data);

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("repeats header 'trace'");
    }

    @Test
    void aHeaderNameOrValueOverItsLimitIsAProtocolError() {
        FrameLimits limits = new FrameLimits(FrameLimits.MIN_FRAME_LENGTH, 64, 4, 3, 5);
        try (CodecChannel strict = new CodecChannel(limits)) {
            ByteBuf longName = RawFrame.dataWithTopic("t").u16(1).string("name").string("v").u16(0).u32(0).toBuffer();

            assertThat(strict.failure(longName).detail()).contains("header name is 4 bytes; at most 3");
        }
        try (CodecChannel strict = new CodecChannel(limits)) {
            ByteBuf longValue = RawFrame.dataWithTopic("t").u16(1).string("n").string("value!").u16(0).u32(0)
                    .toBuffer();

            assertThat(strict.failure(longValue).detail()).contains("header value is 6 bytes; at most 5");
        }
    }

    @ParameterizedTest
    @ValueSource(longs = { 4, 0xFFFF_FFFFL })
    void aPayloadLengthOverTheBytesLeftIsAProtocolError(long declared) {
        ByteBuf data = RawFrame.dataWithTopic("t").u16(0).u16(0).u32(declared).bytes(1, 2, 3).toBuffer();

        DecodeFailure failure = wire.failure(data);

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("DATA payload length " + declared + " exceeds the 3 bytes");
    }

    @Test
    void bytesAfterAPayloadThatDoNotMakeAWholeMessageAreAProtocolError() {
        // a shorter payload leaves bytes that must be the run's next message: the one byte left is not one
        ByteBuf data = RawFrame.dataWithTopic("t").u16(0).u16(0).u32(2).bytes(1, 2, 3).toBuffer();

        DecodeFailure failure = wire.failure(data);

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("DATA frame is truncated");
    }

    @Test
    void aRunReadsAsItsMessagesWithConsecutiveSequenceNumbersAndTheirOwnHeaders() {
        ByteBuf run = RawFrame.dataWithTopic("t").u16(0).u16(0).u32(1).bytes(7)
                .u16(1).string("k").string("v").u16(0).u32(2).bytes(8, 9).toBuffer();

        List<Object> decoded = wire.decode(run);

        assertThat(decoded).hasSize(2);
        assertThat(decoded.get(0)).isInstanceOfSatisfying(Frame.Data.class, data -> {
            assertThat(data.sequence()).isEqualTo(1);
            assertThat(data.headers()).isEmpty();
            assertThat(data.payload()).containsExactly(7);
        });
        assertThat(decoded.get(1)).isInstanceOfSatisfying(Frame.Data.class, data -> {
            assertThat(data.sequence()).isEqualTo(2);
            assertThat(data.topic()).isEqualTo("t");
            assertThat(data.hops()).isEqualTo(1);
            assertThat(data.headers()).containsEntry("k", "v");
            assertThat(data.payload()).containsExactly(8, 9);
        });
    }

    @Test
    void aRunOfMoreThanItsMostMessagesIsAProtocolError() {
        RawFrame run = RawFrame.of(FrameType.DATA).u64(1).u64(1).u16(1).u16(0).string("t");
        for (int i = 0; i <= Frame.MAX_RUN; i++) {
            run.u16(0).u16(0).u32(0);
        }

        DecodeFailure failure = wire.failure(run.toBuffer());

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("more than " + Frame.MAX_RUN + " messages");
    }

    @Test
    void aRunAcrossTwoToTheSixtyThirdIsReadAsUnsignedNumbers() {
        ByteBuf run = RawFrame.of(FrameType.DATA).u64(1).u64(Long.MAX_VALUE).u16(1).u16(0).string("t")
                .u16(0).u16(0).u32(0).u16(0).u16(0).u32(0).toBuffer();

        List<Object> decoded = wire.decode(run);

        assertThat(decoded).extracting(frame -> ((Frame.Data) frame).sequence())
                .containsExactly(Long.MAX_VALUE, Long.MIN_VALUE);
    }

    @Test
    void aRunPastTheLastSequenceNumberIsAProtocolError() {
        ByteBuf run = RawFrame.of(FrameType.DATA).u64(1).u64(-1).u16(1).u16(0).string("t")
                .u16(0).u16(0).u32(0).u16(0).u16(0).u32(0).toBuffer();

        DecodeFailure failure = wire.failure(run);

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("past the last sequence number");
    }

    @Test
    void aPayloadLengthThatMatchesIsAccepted() {
        Object decoded = wire.decodeOne(RawFrame.dataWithTopic("t").u16(0).u16(0).u32(3).bytes(1, 2, 3).toBuffer());

        assertThat(decoded).isInstanceOfSatisfying(Frame.Data.class,
                data -> assertThat(data.payload()).containsExactly(1, 2, 3));
    }

    @Test
    void aSignatureOverTheLimitIsAProtocolErrorBeforeItIsRead() {
        ByteBuf data = RawFrame.dataWithTopic("t").u16(0).u16(Frame.MAX_SIGNATURE_LENGTH + 1).toBuffer();

        DecodeFailure failure = wire.failure(data);

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("signature is 1025 bytes; at most 1024");
    }

    @Test
    void aSignatureIsReadBeforeThePayload() {
        Object decoded = wire.decodeOne(RawFrame.dataWithTopic("t").u16(0).u16(2).bytes(7, 8).u32(1).bytes(9)
                .toBuffer());

        assertThat(decoded).isInstanceOfSatisfying(Frame.Data.class, data -> {
            assertThat(data.signature()).containsExactly(7, 8);
            assertThat(data.payload()).containsExactly(9);
        });
    }

    // ---- ORIGIN_KEY -------------------------------------------------------------------------------------------

    @Test
    void anOriginKeyOfAnUnknownKindIsAProtocolError() {
        ByteBuf key = RawFrame.of(FrameType.ORIGIN_KEY).u64(1).zeros(Frame.OriginKey.SALT_LENGTH).u8(3).u16(1).u8(0)
                .toBuffer();

        DecodeFailure failure = wire.failure(key);

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("key kind must be 1 (public key) or 2 (certificate), not 3");
    }

    @Test
    void anOriginKeyOverTheLimitIsAProtocolErrorBeforeItIsRead() {
        ByteBuf key = RawFrame.of(FrameType.ORIGIN_KEY).u64(1).zeros(Frame.OriginKey.SALT_LENGTH).u8(1)
                .u16(FrameLimits.MAX_CREDENTIAL_LENGTH + 1).toBuffer();

        assertThat(wire.failure(key).detail()).contains("credential is 4097 bytes; at most 4096");
    }

    @Test
    void anOriginKeyForOriginZeroOrWithoutAKeyIsAProtocolError() {
        ByteBuf zero = RawFrame.of(FrameType.ORIGIN_KEY).u64(0).zeros(Frame.OriginKey.SALT_LENGTH).u8(1).u16(1).u8(0)
                .toBuffer();
        assertThat(wire.failure(zero).detail()).contains("origin 0");

        try (CodecChannel other = new CodecChannel(FrameLimits.defaults())) {
            ByteBuf empty = RawFrame.of(FrameType.ORIGIN_KEY).u64(1).zeros(Frame.OriginKey.SALT_LENGTH).u8(1).u16(0)
                    .toBuffer();
            assertThat(other.failure(empty).detail()).contains("encoded key must be 1 to 4096 bytes, not 0");
        }
    }

    // ---- IHAVE, GRAFT and PRUNE -------------------------------------------------------------------------------

    @Test
    void aGraftForMoreThan1024MessagesIsAProtocolErrorEvenWithTheBytesForThem() {
        int count = Frame.MAX_MESSAGE_IDS + 1;
        ByteBuf graft = RawFrame.of(FrameType.GRAFT).u16(count).zeros(count * 16).toBuffer();

        DecodeFailure failure = wire.failure(graft);

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("GRAFT frame carries 1025 message ids; at most 1024");
    }

    @Test
    void aGraftCountIsCheckedBeforeAnyIdIsRead() {
        ByteBuf graft = RawFrame.of(FrameType.GRAFT).u16(0xFFFF).toBuffer();

        assertThat(wire.failure(graft).detail()).contains("65535 message ids");
    }

    @ParameterizedTest(name = "count {0} with {1} bytes of ids")
    @CsvSource({ "2, 16", "1, 32", "1, 15", "1, 17", "0, 16", "1024, 16383" })
    void aGraftWhoseCountDisagreesWithItsLengthIsAProtocolError(int count, int idBytes) {
        ByteBuf graft = RawFrame.of(FrameType.GRAFT).u16(count).zeros(idBytes).toBuffer();

        DecodeFailure failure = wire.failure(graft);

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("GRAFT frame claims " + count + " message ids but has " + idBytes
                + " bytes for them");
    }

    @Test
    void aGraftWithoutItsCountIsAProtocolError() {
        assertThat(wire.failure(RawFrame.of(FrameType.GRAFT).u8(0).toBuffer()).detail())
                .contains("GRAFT frame is truncated");
    }

    @Test
    void aGraftOfExactly1024MessagesIsAccepted() {
        RawFrame graft = RawFrame.of(FrameType.GRAFT).u16(Frame.MAX_MESSAGE_IDS);
        for (int i = 1; i <= Frame.MAX_MESSAGE_IDS; i++) {
            graft.u64(-i).u64(i);
        }

        Object decoded = wire.decodeOne(graft.toBuffer());

        assertThat(decoded).isInstanceOfSatisfying(Frame.Graft.class, g -> {
            assertThat(g.ids()).hasSize(Frame.MAX_MESSAGE_IDS);
            assertThat(g.ids().get(Frame.MAX_MESSAGE_IDS - 1)).isEqualTo(new MessageId(-1024, 1024));
        });
    }

    @Test
    void anIhaveOfMoreThan1024RangesIsAProtocolError() {
        int count = Frame.MAX_MESSAGE_IDS + 1;
        ByteBuf ihave = RawFrame.of(FrameType.IHAVE).u16(count).zeros(count * 26).toBuffer();

        assertThat(wire.failure(ihave).detail()).contains("IHAVE frame carries 1025 ranges; at most 1024");
    }

    @Test
    void aPruneWhoseCountDisagreesWithItsBodyIsAProtocolError() {
        DecodeFailure failure = wire.failure(RawFrame.of(FrameType.PRUNE).u16(2).u64(7).toBuffer());

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("PRUNE frame claims 2 origins but has 8 bytes for them");
    }

    @Test
    void aPruneNamingTooManyOriginsIsAProtocolError() {
        DecodeFailure failure = wire.failure(RawFrame.of(FrameType.PRUNE).u16(Frame.MAX_MESSAGE_IDS + 1).toBuffer());

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("PRUNE frame carries 1025 origins; at most 1024 are accepted");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("largestIdFrames")
    void theLargestIhaveAndGraftFitTheSmallestFrameLimitANodeMaySet(String name, Frame largest) {
        FrameLimits smallest = FrameLimits.defaults().withMaxFrameLength(FrameLimits.MIN_FRAME_LENGTH);
        try (CodecChannel small = new CodecChannel(smallest)) {
            Object decoded = small.decodeOne(small.encode(largest));

            assertThat(decoded).as("a full %s from a neighbor, with max-message-size at its minimum", name)
                    .isNotInstanceOf(DecodeFailure.class);
        }
    }

    static Stream<Arguments> largestIdFrames() {
        return Stream.of(
                Arguments.of("IHAVE", new Frame.IHave(
                        LongStream.rangeClosed(1, Frame.MAX_MESSAGE_IDS)
                                .mapToObj(i -> new Frame.Announcement(-i, i, Long.MAX_VALUE, 65535)).toList())),
                Arguments.of("GRAFT", new Frame.Graft(LongStream.rangeClosed(1, Frame.MAX_MESSAGE_IDS)
                        .mapToObj(i -> new MessageId(-i, i)).toList())),
                Arguments.of("PRUNE",
                        new Frame.Prune(LongStream.rangeClosed(1, Frame.MAX_MESSAGE_IDS).boxed().toList())));
    }

    // ---- text -------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = { "ff", "c0af", "eda080", "e282", "f4908080", "80" })
    void aStringThatIsNotUtf8IsAProtocolError(String hex) {
        byte[] invalid = HexFormat.of().parseHex(hex);
        ByteBuf data = RawFrame.of(FrameType.DATA).u64(1).u64(1).u16(1).u16(0).string(invalid).u16(0).u16(0).u32(0)
                .toBuffer();

        DecodeFailure failure = wire.failure(data);

        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("topic is not valid UTF-8");
    }

    @Test
    void aTopicThatIsNotUtf8IsRefusedAlsoRightAfterAValidTopicOfTheSameLength() {
        // a link decodes a run of frames on one topic once; only a byte-for-byte equal topic may skip the check
        wire.roundTrip(new Frame.Data(1, 1, 1, 0, "ab", Map.of(), new byte[0]));
        ByteBuf data = RawFrame.of(FrameType.DATA).u64(1).u64(2).u16(1).u16(0).string(new byte[] {'a', (byte) 0xFF})
                .u16(0).u16(0).u32(0).toBuffer();

        DecodeFailure failure = wire.failure(data);

        assertThat(failure.detail()).contains("topic is not valid UTF-8");
    }

    @Test
    void malformedUtf8CannotGrowAFieldPastItsLimitWhenTheFrameIsForwarded() {
        // 256 invalid bytes would decode to 256 replacement characters, 768 bytes when written again: a node that
        // forwarded such a topic would be disconnected by every neighbor it passed it to.
        byte[] invalid = new byte[FrameLimits.defaults().maxTopicLength()];
        Arrays.fill(invalid, (byte) 0xFF);
        ByteBuf data = RawFrame.of(FrameType.DATA).u64(1).u64(1).u16(1).u16(0).string(invalid).u16(0).u16(0).u32(0)
                .toBuffer();

        assertThat(wire.failure(data).reason()).isEqualTo(Reason.PROTOCOL_ERROR);
    }

    @Test
    void aHostThatIsNotUtf8IsAProtocolError() {
        ByteBuf welcome = RawFrame.of(FrameType.WELCOME).u8(1).u64(5).string(new byte[] { 'h', (byte) 0xC3 })
                .u16(7400).toBuffer();

        assertThat(wire.failure(welcome).detail()).contains("host is not valid UTF-8");
    }
}
