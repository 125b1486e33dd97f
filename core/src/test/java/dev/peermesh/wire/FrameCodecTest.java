package dev.peermesh.wire;

import dev.peermesh.FrameLimits;
import dev.peermesh.PeerAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.peermesh.wire.FrameAssertions.assertSameFrame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Frames survive the trip through {@link FrameEncoder} and {@link FrameDecoder} unchanged, in the layout of
 * {@code docs/protocol.md}, however the byte stream is cut into reads.
 */
class FrameCodecTest {

    private static final PeerAddress IPV6 = new PeerAddress("2001:db8:85a3::8a2e:370:7334", 65535);

    private final CodecChannel wire = new CodecChannel();

    @AfterEach
    void everyBufferIsReleased() {
        wire.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("framesOfEveryType")
    void everyFrameTypeSurvivesARoundTrip(String description, Frame frame) {
        assertSameFrame(wire.roundTrip(frame), frame);
    }

    static Stream<Arguments> framesOfEveryType() {
        Map<String, String> unicodeHeaders = new LinkedHashMap<>();
        unicodeHeaders.put("content-type", "text/plain; charset=utf-8");
        unicodeHeaders.put("ключ", "значение");
        unicodeHeaders.put("emoji", "🎉🚀");
        unicodeHeaders.put("empty", "");
        return Stream.of(
                Arguments.of("HELLO with an IPv6 address and the top unsigned node id",
                        new Frame.Hello("orders.eu-west_1", -1L, IPV6, pattern(Frame.NONCE_LENGTH, 1))),
                Arguments.of("CHALLENGE from a host name on port 1",
                        new Frame.Challenge(Long.MIN_VALUE, new PeerAddress("node-7.mesh.example", 1),
                                pattern(Frame.NONCE_LENGTH, 2), pattern(Frame.PROOF_LENGTH, 3))),
                Arguments.of("HELLO of a node with the largest max message size",
                        new Frame.Hello("m", 6, IPV6, pattern(Frame.NONCE_LENGTH, 5), false, Integer.MAX_VALUE)),
                Arguments.of("CHALLENGE of a node with the smallest max message size",
                        new Frame.Challenge(7, IPV6, pattern(Frame.NONCE_LENGTH, 6), pattern(Frame.PROOF_LENGTH, 7),
                                FrameLimits.MIN_FRAME_LENGTH)),
                Arguments.of("AUTH", new Frame.Auth(pattern(Frame.PROOF_LENGTH, 4))),
                Arguments.of("WELCOME without referrals", new Frame.Welcome(List.of())),
                Arguments.of("WELCOME with the most referrals a frame carries", new Frame.Welcome(maxReferrals())),
                Arguments.of("REFUSE with a unicode detail and referrals",
                        new Frame.Refuse(Reason.BUSY, "plein : 7 voisins ✓", maxReferrals().subList(0, 3))),
                Arguments.of("REFUSE with an empty detail", new Frame.Refuse(Reason.WRONG_MESH, "", List.of())),
                Arguments.of("DISCONNECT with referrals",
                        new Frame.Disconnect(Reason.LEAVING, "node is leaving the mesh", maxReferrals())),
                Arguments.of("PING", new Frame.Ping(0x0123_4567_89ab_cdefL)),
                Arguments.of("PONG with a negative token", new Frame.Pong(-42)),
                Arguments.of("DATA with a unicode topic and headers and an empty payload",
                        new Frame.Data(7, 1, 1, 0, "市场/价格 📈", unicodeHeaders, new byte[0])),
                Arguments.of("DATA at the top of every numeric range",
                        new Frame.Data(-1L, Long.MAX_VALUE, 65535, 65535, "t", Map.of(), pattern(1000, 5))),
                Arguments.of("DATA with the default maximum of 64 headers",
                        new Frame.Data(1, 2, 3, 4, "many-headers", headers(64), pattern(16, 6))),
                Arguments.of("DATA with the longest signature",
                        new Frame.Data(1, 2, 3, 4, "signed", Map.of("k", "v"), pattern(16, 6),
                                pattern(Frame.MAX_SIGNATURE_LENGTH, 11))),
                Arguments.of("DATA sealed", new Frame.Data(1, 2, 3, 4, "sealed", Map.of(), pattern(16, 6),
                        Frame.SEALED)),
                Arguments.of("SEAL of one message", new Frame.Seal(-1L, 1, pattern(Frame.DIGEST_LENGTH, 16),
                        pattern(64, 17))),
                Arguments.of("SEAL of the most messages, with the longest signature", new Frame.Seal(7, Long.MAX_VALUE
                        - Frame.MAX_SEALED, pattern(Frame.MAX_SEALED * Frame.DIGEST_LENGTH, 18),
                        pattern(Frame.MAX_SIGNATURE_LENGTH, 19))),
                Arguments.of("SEAL, the last of the largest group", new Frame.Seal(7, 1, pattern(Frame.MAX_SEALED
                        * Frame.DIGEST_LENGTH, 20), Frame.MAX_SEAL_GROUP - 1, pattern((Frame.MAX_SEAL_GROUP - 1)
                        * Frame.DIGEST_LENGTH, 21), pattern(Frame.MAX_SIGNATURE_LENGTH, 22))),
                Arguments.of("ORIGIN_KEY with a public key",
                        new Frame.OriginKey(-1L, pattern(Frame.OriginKey.SALT_LENGTH, 12), Frame.OriginKey.PUBLIC_KEY,
                                pattern(44, 13))),
                Arguments.of("ORIGIN_KEY with the longest certificate",
                        new Frame.OriginKey(5, pattern(Frame.OriginKey.SALT_LENGTH, 14), Frame.OriginKey.CERTIFICATE,
                                pattern(FrameLimits.MAX_CREDENTIAL_LENGTH, 15))),
                Arguments.of("IHAVE with no announcements", new Frame.IHave(List.of())),
                Arguments.of("IHAVE with the most announcements a frame carries", new Frame.IHave(
                        java.util.stream.IntStream.range(0, Frame.MAX_MESSAGE_IDS)
                                .mapToObj(i -> new Frame.Announcement(-1L - i, i + 1L, i + 1L + 1000L * i, i % 65536))
                                .toList())),
                Arguments.of("IHAVE with the widest range", new Frame.IHave(List.of(
                        new Frame.Announcement(3, Long.MIN_VALUE, Long.MAX_VALUE, 0)))),
                Arguments.of("GRAFT for two messages", new Frame.Graft(List.of(new dev.peermesh.MessageId(-7, 1),
                        new dev.peermesh.MessageId(Long.MAX_VALUE, Long.MAX_VALUE)))),
                Arguments.of("PRUNE for every origin", new Frame.Prune()),
                Arguments.of("PRUNE for two origins", new Frame.Prune(List.of(-7L, Long.MAX_VALUE))),
                Arguments.of("PAUSE of one origin, no hops left", new Frame.Pause(0, List.of(-7L))),
                Arguments.of("PAUSE of the most origins a frame names", new Frame.Pause(255,
                        java.util.stream.LongStream.range(0, Frame.MAX_MESSAGE_IDS).boxed().toList())),
                Arguments.of("RESUME of two origins", new Frame.Resume(List.of(Long.MIN_VALUE, 3L))),
                Arguments.of("HELLO for a direct link", new Frame.Hello("m", 5, IPV6, pattern(Frame.NONCE_LENGTH, 9),
                        false, FrameLimits.DEFAULT_MAX_FRAME_LENGTH, true)),
                Arguments.of("HELLO with priority",
                        new Frame.Hello("m", 5, IPV6, pattern(Frame.NONCE_LENGTH, 9), true)),
                Arguments.of("SHUFFLE with the most peers a frame carries", new Frame.Shuffle(maxReferrals())),
                Arguments.of("SHUFFLE_REPLY with no peers", new Frame.ShuffleReply(List.of())),
                Arguments.of("FORWARD_JOIN at the longest walk", new Frame.ForwardJoin(maxReferrals().get(0), 255)),
                Arguments.of("CATCH_UP with one rule for every topic",
                        new Frame.CatchUp(List.of(new Frame.CatchUpRule("*", 60_000, 10_000)))),
                Arguments.of("CATCH_UP with the most rules and the widest bounds", new Frame.CatchUp(
                        java.util.stream.IntStream.range(0, Frame.MAX_CATCH_UP_RULES)
                                .mapToObj(i -> new Frame.CatchUpRule("市场." + i + ".*", 0xFFFF_FFFFL,
                                        Integer.MAX_VALUE))
                                .toList())),
                Arguments.of("REPLAY of a signed message with headers", new Frame.Replay(new Frame.Data(-3, 99, 4, 0,
                        "orders.eu", Map.of("k", "v"), pattern(40, 8), pattern(64, 9)))),
                Arguments.of("CAUGHT_UP of the most messages", new Frame.CaughtUp(0xFFFF_FFFFL)),
                Arguments.of("DIRECT of a message for one node", new Frame.Direct(new Frame.Data(5, 7, 1, 0, "t",
                        Map.of("peermesh.target", "0000000000000009"), pattern(20, 3)))),
                Arguments.of("CAUGHT_UP of none", new Frame.CaughtUp(0)));
    }

    @ParameterizedTest
    @EnumSource(Reason.class)
    void everyReasonSurvivesARoundTrip(Reason reason) {
        Frame.Disconnect frame = new Frame.Disconnect(reason, reason.name(), List.of());

        assertSameFrame(wire.roundTrip(frame), frame);
    }

    @Test
    void aRunOfDataFramesOnOneTopicSharesItsDecodedTopicAndOtherTopicsDecodeAsSent() {
        Frame.Data first = (Frame.Data) wire.roundTrip(new Frame.Data(1, 1, 1, 0, "orders.eu", Map.of(), new byte[0]));
        Frame.Data second = (Frame.Data) wire.roundTrip(new Frame.Data(1, 2, 1, 0, "orders.eu", Map.of(),
                new byte[0]));
        Frame.Data sameLength = (Frame.Data) wire.roundTrip(new Frame.Data(1, 3, 1, 0, "orders.us", Map.of(),
                new byte[0]));
        Frame.Data longer = (Frame.Data) wire.roundTrip(new Frame.Data(1, 4, 1, 0, "orders.eu.å", Map.of("k", "v"),
                new byte[] {7}));

        assertThat(second.topic()).isSameAs(first.topic()).isEqualTo("orders.eu");
        assertThat(sameLength.topic()).isEqualTo("orders.us");
        assertThat(longer.topic()).isEqualTo("orders.eu.å");
        assertThat(longer.headers()).containsExactly(Map.entry("k", "v"));
        assertThat(longer.payload()).containsExactly(7);
    }

    @Test
    void decodedDataKeepsAnEmptyPayloadEmpty() {
        Object decoded = wire.roundTrip(new Frame.Data(1, 1, 1, 0, "t", Map.of(), new byte[0]));

        assertThat(((Frame.Data) decoded).payload()).isEmpty();
    }

    @Test
    void pingIsALengthAVersionATypeAndAnEightByteToken() {
        byte[] bytes = wire.bytesOf(new Frame.Ping(0x0102_0304_0506_0708L));

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("0000000a" + "04" + "07" + "0102030405060708");
    }

    @Test
    void dataIsLaidOutFieldByFieldInNetworkOrder() {
        byte[] bytes = wire.bytesOf(new Frame.Data(1, 2, 1, 0, "t", Map.of("k", "v"), new byte[] { 0x2a }));

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("00000028" + "04" + "09"
                + "0000000000000001" // origin
                + "0000000000000002" // sequence
                + "0001" + "0000" // hops, hop limit
                + "0001" + "74" // topic "t"
                + "0001" + "0001" + "6b" + "0001" + "76" // one header, "k" = "v"
                + "0000" // no signature
                + "00000001" + "2a"); // payload
    }

    @Test
    void aRunIsTheHeadOnceThenEachMessagesHeadersSignatureAndPayload() {
        byte[] bytes = wire.bytesOf(new Frame.DataRun(List.of(
                new Frame.Data(1, 2, 1, 0, "t", Map.of("k", "v"), new byte[] { 0x2a }),
                new Frame.Data(1, 3, 1, 0, "t", Map.of(), new byte[] { 0x2b }))));

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("00000031" + "04" + "09"
                + "0000000000000001" // origin
                + "0000000000000002" // first sequence
                + "0001" + "0000" // hops, hop limit
                + "0001" + "74" // topic "t"
                + "0001" + "0001" + "6b" + "0001" + "76" + "0000" + "00000001" + "2a" // message 2
                + "0000" + "0000" + "00000001" + "2b"); // message 3
        List<Object> decoded = wire.decode(Unpooled.wrappedBuffer(bytes));
        assertThat(decoded).extracting(frame -> ((Frame.Data) frame).sequence()).containsExactly(2L, 3L);
    }

    @Test
    void aRunMustContinueItsFirstMessage() {
        Frame.Data first = new Frame.Data(1, 2, 1, 0, "t", Map.of(), new byte[0]);

        for (Frame.Data next : List.of(new Frame.Data(1, 4, 1, 0, "t", Map.of(), new byte[0]),
                new Frame.Data(9, 3, 1, 0, "t", Map.of(), new byte[0]),
                new Frame.Data(1, 3, 2, 0, "t", Map.of(), new byte[0]),
                new Frame.Data(1, 3, 1, 5, "t", Map.of(), new byte[0]),
                new Frame.Data(1, 3, 1, 0, "u", Map.of(), new byte[0]))) {
            assertThatThrownBy(() -> new Frame.DataRun(List.of(first, next))).as("%s", next)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not continue");
        }
        assertThatThrownBy(() -> new Frame.DataRun(List.of(first))).hasMessageContaining("2 to 1024 messages");
        Frame.Data last = new Frame.Data(1, -1, 1, 0, "t", Map.of(), new byte[0]);
        assertThatThrownBy(() -> new Frame.DataRun(List.of(last, new Frame.Data(1, 0, 1, 0, "t", Map.of(),
                new byte[0])))).hasMessageContaining("does not continue");
    }

    @Test
    void aRefuseIsWrittenInVersion1() {
        byte[] bytes = wire.bytesOf(new Frame.Refuse(Reason.BUSY, "", List.of()));

        assertThat(bytes[FrameWriter.LENGTH_FIELD]).isEqualTo((byte) 1);
        assertThat(wire.bytesOf(new Frame.Ping(1))[FrameWriter.LENGTH_FIELD]).isEqualTo((byte) FrameWriter.VERSION);
    }

    @Test
    void aSignatureGoesBetweenTheHeadersAndThePayload() {
        byte[] bytes = wire.bytesOf(new Frame.Data(1, 2, 1, 0, "t", Map.of(), new byte[] { 0x2a },
                new byte[] { 5, 6, 7 }));

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("00000025" + "04" + "09"
                + "0000000000000001" + "0000000000000002" + "0001" + "0000" + "0001" + "74"
                + "0000" // no header
                + "0003" + "050607" // signature
                + "00000001" + "2a"); // payload
    }

    @Test
    void sealIsLaidOutFieldByField() {
        byte[] digests = pattern(2 * Frame.DIGEST_LENGTH, 3);
        byte[] signature = pattern(64, 4);
        byte[] bytes = wire.bytesOf(new Frame.Seal(0x102, 5, digests, signature));

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("00000098" + "04" + "17"
                + "0000000000000102" // origin
                + "0000000000000005" // first sequence number
                + "0002" // two messages
                + HexFormat.of().formatHex(digests)
                + "01" + "00" // a group of one, this seal first
                + "0040" + HexFormat.of().formatHex(signature));
    }

    @Test
    void aSealOfAGroupCarriesTheHashesOfTheOthers() {
        byte[] digests = pattern(Frame.DIGEST_LENGTH, 3);
        byte[] others = pattern(2 * Frame.DIGEST_LENGTH, 5);
        byte[] signature = pattern(64, 4);
        byte[] bytes = wire.bytesOf(new Frame.Seal(0x102, 5, digests, 2, others, signature));

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("000000b8" + "04" + "17"
                + "0000000000000102" + "0000000000000005" + "0001" + HexFormat.of().formatHex(digests)
                + "03" + "02" // the third of a group of three
                + HexFormat.of().formatHex(others)
                + "0040" + HexFormat.of().formatHex(signature));
    }

    /** A zero digest, 32 bytes. */
    private static final String DIGEST = "0000000000000000000000000000000000000000000000000000000000000000";

    @ParameterizedTest
    @ValueSource(strings = {
        "00000017" + "04" + "17" + "0000000000000001" + "0000000000000001" + "0000" + "0001" + "ff", // no digest
        "00000014" + "04" + "17" + "0000000000000001" + "0000000000000001" + "0201", // 513 messages
        "00000014" + "04" + "17" + "0000000000000000" + "0000000000000001" + "0001", // origin 0
        "00000038" + "04" + "17" + "0000000000000001" + "0000000000000001" + "0001" + DIGEST + "0100" + "0000",
        // above: unsigned; below: no group, place 2 of 2, 9 seals in a group
        "00000036" + "04" + "17" + "0000000000000001" + "0000000000000001" + "0001" + DIGEST + "0000",
        "00000036" + "04" + "17" + "0000000000000001" + "0000000000000001" + "0001" + DIGEST + "0202",
        "00000036" + "04" + "17" + "0000000000000001" + "0000000000000001" + "0001" + DIGEST + "0900",
    })
    void aSealOutsideItsBoundsIsRefused(String hex) {
        DecodeFailure failure = wire.failure(Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex)));
        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).startsWith("SEAL ");
    }

    @Test
    void originKeyIsLaidOutFieldByField() {
        byte[] salt = pattern(Frame.OriginKey.SALT_LENGTH, 1);
        byte[] bytes = wire.bytesOf(new Frame.OriginKey(0x0102, salt, Frame.OriginKey.PUBLIC_KEY, new byte[] { 9, 8 }));

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("0000001f" + "04" + "10"
                + "0000000000000102" // origin
                + HexFormat.of().formatHex(salt)
                + "01" // kind: public key
                + "0002" + "0908"); // the key
    }

    @Test
    void helloIsLaidOutFieldByField() {
        byte[] nonce = pattern(Frame.NONCE_LENGTH, 0);
        byte[] bytes = wire.bytesOf(new Frame.Hello("m", 0x10, new PeerAddress("h", 7400), nonce));

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("00000038" + "04" + "01"
                + "0001" + "6d" // mesh id "m"
                + "0000000000000010" // node id
                + "0001" + "68" + "1ce8" // address h:7400
                + HexFormat.of().formatHex(nonce)
                + "00" // flags: no priority
                + "00100000" // max message size: 1 MiB
                + "00"); // no key share: an open mesh
    }

    @Test
    void aPasswordMeshsHelloAndChallengeEndWithTheKeyShare() {
        byte[] nonce = pattern(Frame.NONCE_LENGTH, 0);
        byte[] share = pattern(Frame.SHARE_LENGTH, 2);
        Frame.Hello hello = new Frame.Hello("m", 0x10, new PeerAddress("h", 7400), nonce, false, 1 << 20, false,
                share);
        Frame.Challenge challenge = new Frame.Challenge(0x10, new PeerAddress("h", 7400), nonce,
                pattern(Frame.PROOF_LENGTH, 1), 4 << 20, share);

        assertThat(HexFormat.of().formatHex(wire.bytesOf(hello))).startsWith("00000079" + "04" + "01")
                .endsWith("00100000" + "41" + HexFormat.of().formatHex(share));
        assertThat(HexFormat.of().formatHex(wire.bytesOf(challenge))).startsWith("00000095" + "04" + "02")
                .endsWith("00400000" + "41" + HexFormat.of().formatHex(share));
        assertThat(wire.decodeOne(wire.encode(hello))).isInstanceOfSatisfying(Frame.Hello.class,
                decoded -> assertThat(decoded.share()).isEqualTo(share));
        assertThat(wire.decodeOne(wire.encode(challenge))).isInstanceOfSatisfying(Frame.Challenge.class,
                decoded -> assertThat(decoded.share()).isEqualTo(share));
    }

    @Test
    void aKeyShareOfAnyOtherLengthIsAProtocolError() {
        byte[] hello = wire.bytesOf(new Frame.Hello("m", 0x10, new PeerAddress("h", 7400),
                pattern(Frame.NONCE_LENGTH, 0)));
        hello[hello.length - 1] = 1;
        byte[] longer = java.util.Arrays.copyOf(hello, hello.length + 1);
        longer[3] += 1;

        DecodeFailure failure = wire.failure(Unpooled.wrappedBuffer(longer));
        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).isEqualTo("HELLO carries a key share of 1 bytes; a share is 65 bytes or none");
    }

    @Test
    void challengeEndsWithTheRespondersMaxMessageSize() {
        byte[] nonce = pattern(Frame.NONCE_LENGTH, 0);
        byte[] proof = pattern(Frame.PROOF_LENGTH, 1);
        byte[] bytes = wire.bytesOf(new Frame.Challenge(0x10, new PeerAddress("h", 7400), nonce, proof, 4 << 20));

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("00000054" + "04" + "02"
                + "0000000000000010" // node id
                + "0001" + "68" + "1ce8" // address h:7400
                + HexFormat.of().formatHex(nonce)
                + HexFormat.of().formatHex(proof)
                + "00400000" // max message size: 4 MiB
                + "00"); // no key share: an open mesh
    }

    @Test
    void refuseIsAReasonADetailAndReferrals() {
        byte[] bytes = wire.bytesOf(new Frame.Refuse(Reason.BUSY, "x",
                List.of(new Referral(0x22, new PeerAddress("h", 1)))));

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("00000014" + "01" + "05"
                + "02" // BUSY
                + "0001" + "78" // detail "x"
                + "01" + "0000000000000022" + "0001" + "68" + "0001"); // one referral: node 0x22 at h:1
    }

    @Test
    void ihaveIsACountThenOriginFirstLastAndHopsPerRange() {
        byte[] bytes = wire.bytesOf(new Frame.IHave(List.of(new Frame.Announcement(0x0102030405060708L, 9, 12, 3))));
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("0000001e" + "04" + "0a" + "0001" + "0102030405060708"
                + "0000000000000009" + "000000000000000c" + "0003");
    }

    @Test
    void ihaveRangeThatEndsBeforeItStartsIsRefused() {
        byte[] bytes = wire.bytesOf(new Frame.IHave(List.of(new Frame.Announcement(1, 9, 12, 3))));
        bytes[23] = 13; // first = 13, last = 12
        DecodeFailure failure = wire.failure(io.netty.buffer.Unpooled.wrappedBuffer(bytes));
        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("IHAVE range 13 to 12 ends before it starts");
        assertThatThrownBy(() -> new Frame.Announcement(1, 13, 12, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not end (12) before");
    }

    @Test
    void ihaveWhoseCountDisagreesWithItsLengthIsRefused() {
        byte[] bytes = wire.bytesOf(new Frame.IHave(List.of(new Frame.Announcement(1, 2, 3))));
        bytes[7] = 2; // claims two announcements, carries one
        DecodeFailure failure = wire.failure(io.netty.buffer.Unpooled.wrappedBuffer(bytes));
        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("claims 2 ranges");
    }

    @Test
    void pauseIsItsHopsLeftThenACountThenTheOriginsAndResumeACountThenTheOrigins() {
        assertThat(HexFormat.of().formatHex(wire.bytesOf(new Frame.Pause(3, List.of(0x0102030405060708L)))))
                .isEqualTo("0000000d" + "04" + "11" + "03" + "0001" + "0102030405060708");
        assertThat(HexFormat.of().formatHex(wire.bytesOf(new Frame.Resume(List.of(9L)))))
                .isEqualTo("0000000c" + "04" + "12" + "0001" + "0000000000000009");
    }

    @Test
    void aPauseNamingNoOriginIsRefused() {
        byte[] bytes = HexFormat.of().parseHex("00000005" + "04" + "11" + "20" + "0000");
        DecodeFailure failure = wire.failure(Unpooled.wrappedBuffer(bytes));
        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("PAUSE frame is invalid").contains("1 to 1024 origins, not 0");
        assertThatThrownBy(() -> new Frame.Resume(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Frame.Pause(256, List.of(1L))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 to 255 hops");
    }

    @Test
    void aResumeNamingMoreOriginsThanAFrameCarriesIsRefused() {
        byte[] bytes = HexFormat.of().parseHex("00000004" + "04" + "12" + "0401"); // claims 1,025 origins
        DecodeFailure failure = wire.failure(Unpooled.wrappedBuffer(bytes));
        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains("RESUME frame carries 1025 origins; at most 1024");
    }

    @Test
    void catchUpIsARuleCountThenPatternMaxAgeAndMaxMessagesAndCaughtUpACount() {
        assertThat(HexFormat.of().formatHex(wire.bytesOf(new Frame.CatchUp(List.of(
                new Frame.CatchUpRule("o*", 60_000, 500))))))
                .isEqualTo("0000000f" + "04" + "13" + "01" + "0002" + "6f2a" + "0000ea60" + "000001f4");
        assertThat(HexFormat.of().formatHex(wire.bytesOf(new Frame.CaughtUp(500))))
                .isEqualTo("00000006" + "04" + "15" + "000001f4");
    }

    @Test
    void aReplayIsADataFrameOfOneMessageUnderItsOwnType() {
        Frame.Data message = new Frame.Data(1, 2, 1, 0, "t", Map.of(), new byte[] {0x2a});
        String data = HexFormat.of().formatHex(wire.bytesOf(message));
        String replay = HexFormat.of().formatHex(wire.bytesOf(new Frame.Replay(message)));

        assertThat(replay).isEqualTo(data.substring(0, 10) + "14" + data.substring(12));
    }

    @ParameterizedTest
    @EnumSource(value = FrameType.class, names = {"REPLAY", "DIRECT"})
    void aReplayOrDirectCarryingARunIsRefused(FrameType type) {
        byte[] bytes = wire.bytesOf(new Frame.DataRun(List.of(new Frame.Data(1, 2, 1, 0, "t", Map.of(), new byte[0]),
                new Frame.Data(1, 3, 1, 0, "t", Map.of(), new byte[0]))));
        bytes[5] = (byte) type.code();
        DecodeFailure failure = wire.failure(Unpooled.wrappedBuffer(bytes));
        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).contains(type + " frame carries 2 messages; it carries exactly one");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "00000003" + "04" + "13" + "00", // no rule
        "00000003" + "04" + "13" + "11", // 17 rules
        "0000000f" + "04" + "13" + "01" + "0002" + "2a6f" + "0000ea60" + "000001f4", // '*o': a star before the end
        "0000000f" + "04" + "13" + "01" + "0002" + "6f2a" + "00000000" + "000001f4", // max age 0
        "0000000f" + "04" + "13" + "01" + "0002" + "6f2a" + "0000ea60" + "00000000", // max messages 0
    })
    void aCatchUpOutsideItsBoundsIsRefused(String hex) {
        DecodeFailure failure = wire.failure(Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex)));
        assertThat(failure.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(failure.detail()).startsWith("CATCH_UP frame");
    }

    @Test
    void dataLengthPredictsTheCountedLengthOfTheEncodedFrame() {
        Frame.Data data = new Frame.Data(1, 1, 1, 0, "市场", Map.of("ключ", "🎉", "a", ""), pattern(300, 7));
        ByteBuf encoded = wire.encode(data);
        try {
            assertThat(FrameWriter.dataLength(data.topic(), data.headers(), data.payload().length))
                    .isEqualTo(encoded.getUnsignedInt(0))
                    .isEqualTo(encoded.readableBytes() - FrameWriter.LENGTH_FIELD);
        }
        finally {
            encoded.release();
        }
    }

    @Test
    void aFrameFedOneByteAtATimeAppearsOnlyWithItsLastByte() {
        Frame.Data data = new Frame.Data(9, 3, 2, 5, "topic/ü", Map.of("h", "v"), pattern(40, 8));
        byte[] bytes = wire.bytesOf(data);

        for (int i = 0; i < bytes.length - 1; i++) {
            assertThat(wire.decode(Unpooled.wrappedBuffer(new byte[] { bytes[i] })))
                    .as("output after %d of %d bytes", i + 1, bytes.length).isEmpty();
        }
        Object decoded = wire.decodeOne(Unpooled.wrappedBuffer(new byte[] { bytes[bytes.length - 1] }));

        assertSameFrame(decoded, data);
    }

    @Test
    void aFrameCutShortByTheEndOfTheStreamYieldsNothing() {
        byte[] bytes = wire.bytesOf(new Frame.Ping(1));

        assertThat(wire.decode(Unpooled.wrappedBuffer(bytes, 0, bytes.length - 1))).isEmpty();
        assertThat(wire.endOfInput()).isEmpty();
    }

    @Test
    void severalFramesInOneBufferComeOutInOrder() {
        List<Frame> frames = List.of(new Frame.Ping(1), new Frame.Data(1, 1, 1, 0, "a", Map.of(), pattern(3, 9)),
                new Frame.Pong(1), new Frame.Disconnect(Reason.LEAVING, "bye", List.of()));
        ByteBuf all = Unpooled.buffer();
        for (Frame frame : frames) {
            all.writeBytes(wire.bytesOf(frame));
        }

        List<Object> decoded = wire.decode(all);

        assertThat(decoded).hasSize(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            assertSameFrame(decoded.get(i), frames.get(i));
        }
    }

    @Test
    void framesCutAtEveryPossiblePointAreReassembled() {
        List<Frame> frames = List.of(new Frame.Ping(11), new Frame.Welcome(maxReferrals()), new Frame.Pong(12));
        ByteBuf joined = Unpooled.buffer();
        for (Frame frame : frames) {
            joined.writeBytes(wire.bytesOf(frame));
        }
        byte[] stream = new byte[joined.readableBytes()];
        joined.readBytes(stream).release();

        for (int cut = 1; cut < stream.length; cut++) {
            List<Object> decoded = wire.decode(Unpooled.wrappedBuffer(stream, 0, cut),
                    Unpooled.wrappedBuffer(stream, cut, stream.length - cut));

            assertThat(decoded).as("frames when cut after byte %d", cut).hasSize(frames.size());
            for (int i = 0; i < frames.size(); i++) {
                assertSameFrame(decoded.get(i), frames.get(i));
            }
        }
    }

    @Test
    void aFrameOfExactlyTheLimitIsAccepted() {
        FrameLimits limits = FrameLimits.defaults().withMaxFrameLength(FrameLimits.MIN_FRAME_LENGTH);
        int payload = limits.maxFrameLength() - (int) FrameWriter.dataLength("t", Map.of(), 0);
        Frame.Data data = new Frame.Data(1, 1, 1, 0, "t", Map.of(), pattern(payload, 10));

        try (CodecChannel small = new CodecChannel(limits)) {
            assertSameFrame(small.roundTrip(data), data);
        }
    }

    @Test
    void aReasonCodeUnknownToThisVersionDecodesAsUnknown() {
        ByteBuf refuse = RawFrame.of(FrameType.REFUSE).u8(200).string("from the future").u8(0).toBuffer();

        Object decoded = wire.decodeOne(refuse);

        assertSameFrame(decoded, new Frame.Refuse(Reason.UNKNOWN, "from the future", List.of()));
    }

    @Test
    void everyReasonCodeThisVersionDoesNotDefineDecodesAsUnknown() {
        List<Integer> defined = Arrays.stream(Reason.values()).map(Reason::code).toList();

        assertThat(IntStream.range(0, 256).filter(code -> !defined.contains(code)).mapToObj(Reason::of))
                .containsOnly(Reason.UNKNOWN);
    }

    @Test
    void aDetailLongerThanTheLimitIsCutToFit() {
        Object decoded = wire.roundTrip(new Frame.Disconnect(Reason.PROTOCOL_ERROR, "é".repeat(400), List.of()));

        assertThat(((Frame.Disconnect) decoded).detail()).isEqualTo("é".repeat(FrameLimits.MAX_DETAIL_LENGTH / 2));
    }

    @Test
    void aDetailIsNeverCutInsideACharacter() {
        String detail = "a" + "😀".repeat(300);

        Object decoded = wire.roundTrip(new Frame.Refuse(Reason.BUSY, detail, List.of()));

        String received = ((Frame.Refuse) decoded).detail();
        assertThat(FrameWriter.utf8Length(received)).isLessThanOrEqualTo(FrameLimits.MAX_DETAIL_LENGTH);
        assertThat(detail).startsWith(received);
        assertThat(received).isEqualTo("a" + "😀".repeat(127));
    }

    @Test
    void aDetailOfStrayHalfCharactersIsStillCutToFit() {
        Object decoded = wire.roundTrip(new Frame.Refuse(Reason.BUSY, "\uD800".repeat(600), List.of()));

        assertThat(FrameWriter.utf8Length(((Frame.Refuse) decoded).detail()))
                .isBetween(1, FrameLimits.MAX_DETAIL_LENGTH);
    }

    @Test
    void oneEncoderServesEveryChannel() {
        assertThat(FrameEncoder.INSTANCE.isSharable()).isTrue();
        try (CodecChannel other = new CodecChannel()) {
            assertSameFrame(other.roundTrip(new Frame.Ping(2)), new Frame.Ping(2));
            assertSameFrame(wire.roundTrip(new Frame.Ping(3)), new Frame.Ping(3));
        }
    }

    @Test
    void aMessageForwardedAtTheLargestHopCountKeepsThatCountInsteadOfWrappingToZero() {
        Frame.Data received = new Frame.Data(1, 2, Frame.MAX_HOPS, 0, "t", Map.of(), new byte[0]);

        Object decoded = wire.roundTrip(received.forwarded());

        assertThat(((Frame.Data) decoded).hops()).isEqualTo(Frame.MAX_HOPS);
    }

    @Test
    void hopCountsThatDoNotFitTheWireAreRefusedWhenTheFrameIsMade() {
        assertThatThrownBy(() -> new Frame.Data(1, 2, Frame.MAX_HOPS + 1, 0, "t", Map.of(), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hops must be 0 to 65535");
        assertThatThrownBy(() -> new Frame.Data(1, 2, 1, -1, "t", Map.of(), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hopLimit must be 0 to 65535");
        assertThatThrownBy(() -> new Frame.Announcement(1, 2, 70_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 70000");
    }

    private static List<Referral> maxReferrals() {
        List<Referral> referrals = new ArrayList<>();
        referrals.add(new Referral(0, new PeerAddress("unknown-id.example", 7400)));
        referrals.add(new Referral(-1L, IPV6));
        referrals.add(new Referral(Long.MIN_VALUE, new PeerAddress("::1", 1)));
        referrals.add(new Referral(3, new PeerAddress("bücher.example", 8080)));
        for (int i = referrals.size(); i < Frame.MAX_REFERRALS; i++) {
            referrals.add(new Referral(100 + i, new PeerAddress("10.0.0." + i, 7400 + i)));
        }
        return referrals;
    }

    private static Map<String, String> headers(int count) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            headers.put("header-" + i, "value-" + i);
        }
        return headers;
    }

    /** Distinct, recognisable bytes, so a field read from the wrong offset shows. */
    private static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed * 31 + i);
        }
        return bytes;
    }
}
