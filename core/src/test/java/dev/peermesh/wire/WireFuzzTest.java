package dev.peermesh.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.peermesh.FrameLimits;
import dev.peermesh.FuzzSeeds;
import dev.peermesh.MessageId;
import dev.peermesh.PeerAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests of the wire decoders ({@code docs/fuzzing.md}): whatever bytes a peer sends, {@link FrameDecoder} and
 * {@link FrameReader} answer with frames within the limits or one clear failure, never an exception, never memory
 * out of proportion to the input, and every frame they accept is one {@link FrameWriter} writes the same way.
 *
 * <p>Without {@code JAZZER_FUZZ} each method runs on its seeds in {@code WireFuzzTestInputs/<method>/}.
 */
class WireFuzzTest {

    /** Tight limits, so short inputs reach every limit check; the defaults are too roomy for a fuzzer to hit. */
    static final FrameLimits TIGHT = new FrameLimits(FrameLimits.MIN_FRAME_LENGTH, 32, 4, 16, 64);

    /**
     * Bytes one decode may allocate besides what is proportional to the input: the channel, its pipeline, the output
     * list (about 3 KiB when measured). A length or count field that sized an allocation before it was checked would
     * take more: 65535 list slots alone are 256 KiB.
     */
    private static final long ALLOCATION_ALLOWANCE = 64 * 1024;

    /** Bytes one decode may allocate per input byte: a copy of the input, and the strings, arrays and lists read. */
    private static final long ALLOCATION_PER_INPUT_BYTE = 16;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * Any byte stream, however it is cut into reads: the same frames in every chunking, each within the limits and
     * written back to the very bytes it came from, then at most one {@link DecodeFailure}, last.
     */
    @FuzzTest(maxDuration = "5m")
    void decoderTurnsAnyByteStreamIntoFramesThenAtMostOneFailure(byte[] input) {
        long allowed = ALLOCATION_ALLOWANCE + ALLOCATION_PER_INPUT_BYTE * input.length;
        if (allocatedToDecode(input) > allowed) {
            // The first use of a class allocates while it loads (and Jazzer instruments it): measure again.
            assertThat(allocatedToDecode(input)).as("bytes allocated to decode %d input bytes", input.length)
                    .isLessThanOrEqualTo(allowed);
        }
        List<Object> whole = WireBytes.decode(input, TIGHT, input.length);

        for (int i = 0; i < whole.size(); i++) {
            Object out = whole.get(i);
            assertThat(out).isInstanceOfAny(Frame.class, DecodeFailure.class);
            if (out instanceof DecodeFailure failure) {
                assertThat(i).as("index of the failure among %d outputs", whole.size()).isEqualTo(whole.size() - 1);
                assertThat(failure.reason()).isNotNull();
                assertThat(failure.detail()).isNotBlank();
            }
        }
        assertSameOutput(WireBytes.decode(input, TIGHT, 1), whole, "byte by byte");
        assertSameOutput(WireBytes.decode(input, TIGHT, randomChunks(input)), whole, "random chunks");

        int offset = 0;
        int index = 0;
        while (index < whole.size() && whole.get(index) instanceof Frame) {
            // a DATA frame carrying a run came out as its messages: they are written back as the run
            int length = FrameWriter.LENGTH_FIELD + (int) Integer.toUnsignedLong(readInt(input, offset));
            byte[] original = Arrays.copyOfRange(input, offset, offset + length);
            int messages = WireBytes.decode(original, TIGHT, original.length).size();
            List<Frame.Data> run = new ArrayList<>();
            for (int i = index; i < index + messages && messages > 1; i++) {
                run.add((Frame.Data) whole.get(i));
            }
            assertWrittenBack(messages > 1 ? new Frame.DataRun(run) : (Frame) whole.get(index), original, TIGHT);
            index += messages;
            offset += length;
        }
    }

    /**
     * Any body for any frame type: a frame within the limits that is written back to the same body, or a
     * {@link MalformedFrameException} with a reason. The first byte picks the type and the limits, the rest is the
     * body.
     */
    @FuzzTest(maxDuration = "5m")
    void readerTurnsAnyBodyIntoAFrameOrSaysWhyNot(byte[] input) {
        if (input.length == 0) {
            return;
        }
        FrameType type = FrameType.values()[(input[0] & 0xFF) % FrameType.values().length];
        FrameLimits limits = (input[0] & 0x80) != 0 ? TIGHT : FrameLimits.defaults();
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        if (2 + body.length > limits.maxFrameLength()) {
            return; // the decoder refuses such a frame from its length field before the reader sees it
        }
        ByteBuf buffer = Unpooled.wrappedBuffer(body);
        Frame frame;
        try {
            frame = FrameReader.read(type, buffer, limits);
        }
        catch (MalformedFrameException ex) {
            assertThat(ex.reason()).as("reason of %s", ex.getMessage()).isNotNull();
            assertThat(ex.getMessage()).isNotBlank();
            return;
        }
        finally {
            buffer.release();
        }
        assertThat(frame.type()).isEqualTo(type);
        byte[] whole = new byte[FrameWriter.LENGTH_FIELD + 2 + body.length];
        ByteBuf header = Unpooled.wrappedBuffer(whole).clear();
        header.writeInt(2 + body.length)
                .writeByte(type == FrameType.REFUSE ? FrameWriter.REFUSE_VERSION : FrameWriter.VERSION)
                .writeByte(type.code()).writeBytes(body);
        assertWrittenBack(frame, whole, limits);
    }

    private static long allocatedToDecode(byte[] input) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        WireBytes.decode(input, TIGHT, input.length);
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    /**
     * A decoded frame is within the limits, and writing it gives back the bytes it was read from: no field is
     * widened (a lenient decoder turns a bad byte into a 3-byte U+FFFD) and nothing is lost. Two exceptions: a
     * reason code this version does not know is written as {@link Reason#UNKNOWN}, and DATA headers, kept in a map,
     * may come out in another order, so a DATA frame only has to keep its length.
     */
    private static void assertWrittenBack(Frame frame, byte[] original, FrameLimits limits) {
        assertWithinLimits(frame, limits);
        byte[] written = WireBytes.encode(frame);
        assertThat(written.length).as("length of %s written back", WireBytes.show(frame)).isEqualTo(original.length);
        if (!(frame instanceof Frame.Data) && !(frame instanceof Frame.DataRun)) {
            byte[] expected = original.clone();
            if (reason(frame) == Reason.UNKNOWN) {
                expected[FrameWriter.LENGTH_FIELD + 2] = (byte) Reason.UNKNOWN.code();
            }
            assertThat(written).as("%s written back", WireBytes.show(frame)).isEqualTo(expected);
        }
        if (frame instanceof Frame.DataRun run) {
            List<Object> again = WireBytes.decode(written, limits, written.length);
            assertThat(again).as("messages of %s decoded again", WireBytes.show(frame)).hasSize(run.messages().size());
            for (int i = 0; i < again.size(); i++) {
                WireBytes.assertSame(again.get(i), run.messages().get(i), "message of a run decoded again");
            }
            return;
        }
        WireBytes.assertSame(WireBytes.decodeOne(written, limits), frame, "frame decoded again");
    }

    private static void assertWithinLimits(Frame frame, FrameLimits limits) {
        if (frame instanceof Frame.DataRun run) {
            run.messages().forEach(message -> assertWithinLimits(message, limits));
        }
        else if (frame instanceof Frame.Data data) {
            assertThat(FrameWriter.utf8Length(data.topic())).as("topic length")
                    .isLessThanOrEqualTo(limits.maxTopicLength());
            assertThat(data.headers()).as("headers").hasSizeLessThanOrEqualTo(limits.maxHeaders());
            for (Map.Entry<String, String> header : data.headers().entrySet()) {
                assertThat(FrameWriter.utf8Length(header.getKey())).as("header name length")
                        .isLessThanOrEqualTo(limits.maxHeaderNameLength());
                assertThat(FrameWriter.utf8Length(header.getValue())).as("header value length")
                        .isLessThanOrEqualTo(limits.maxHeaderValueLength());
            }
        }
        else if (frame instanceof Frame.Hello hello) {
            assertThat(FrameWriter.utf8Length(hello.meshId())).isLessThanOrEqualTo(FrameLimits.MAX_MESH_ID_LENGTH);
        }
        else if (frame instanceof Frame.Refuse refuse) {
            assertThat(FrameWriter.utf8Length(refuse.detail())).isLessThanOrEqualTo(FrameLimits.MAX_DETAIL_LENGTH);
        }
        else if (frame instanceof Frame.Disconnect disconnect) {
            assertThat(FrameWriter.utf8Length(disconnect.detail())).isLessThanOrEqualTo(FrameLimits.MAX_DETAIL_LENGTH);
        }
    }

    private static Reason reason(Frame frame) {
        if (frame instanceof Frame.Refuse refuse) {
            return refuse.reason();
        }
        return frame instanceof Frame.Disconnect disconnect ? disconnect.reason() : null;
    }

    private static void assertSameOutput(List<Object> actual, List<Object> expected, String chunking) {
        assertThat(actual).as("number of outputs, %s", chunking).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            WireBytes.assertSame(actual.get(i), expected.get(i), "output " + i + ", " + chunking);
        }
    }

    /** Chunk sizes from 1 to 64, the same for the same input, so a failure reproduces. */
    private static int[] randomChunks(byte[] input) {
        SplittableRandom random = new SplittableRandom(Arrays.hashCode(input));
        return random.ints(input.length / 8 + 1, 1, 65).toArray();
    }

    // ---- seed corpus ------------------------------------------------------------------------------------------

    private static final String DECODER = "decoderTurnsAnyByteStreamIntoFramesThenAtMostOneFailure";

    private static final String READER = "readerTurnsAnyBodyIntoAFrameOrSaysWhyNot";

    /** One frame of every type, within {@link #TIGHT}. */
    static Map<String, Frame> sampleFrames() {
        byte[] nonce = new byte[Frame.NONCE_LENGTH];
        byte[] proof = new byte[Frame.PROOF_LENGTH];
        Arrays.fill(nonce, (byte) 0x5A);
        Arrays.fill(proof, (byte) 0xA5);
        PeerAddress address = new PeerAddress("10.0.0.7", 7400);
        List<Referral> referrals = List.of(new Referral(0x2222, new PeerAddress("node-2.mesh", 7401)),
                new Referral(0, new PeerAddress("fe80::1", 7402)));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("peermesh_sent", "1700000000000");
        headers.put("content-type", "text/plain");
        Map<String, Frame> frames = new LinkedHashMap<>();
        frames.put("hello", new Frame.Hello("orders-mesh", 0x1111, address, nonce, true));
        frames.put("challenge", new Frame.Challenge(0x2222, address, nonce, proof, 4 << 20));
        byte[] share = new byte[Frame.SHARE_LENGTH];
        Arrays.fill(share, (byte) 0x5A);
        frames.put("hello-with-a-key-share", new Frame.Hello("orders-mesh", 0x1111, address, nonce, false, 1 << 20,
                false, share));
        frames.put("challenge-with-a-key-share", new Frame.Challenge(0x2222, address, nonce, proof, 1 << 20, share));
        byte[] digests = new byte[2 * Frame.DIGEST_LENGTH];
        Arrays.fill(digests, (byte) 0x3D);
        frames.put("seal", new Frame.Seal(0x1111, 7, digests, Arrays.copyOf(proof, 64)));
        byte[] others = new byte[2 * Frame.DIGEST_LENGTH];
        Arrays.fill(others, (byte) 0x4E);
        frames.put("seal-of-a-group", new Frame.Seal(0x1111, 9, digests, 1, others, Arrays.copyOf(proof, 64)));
        frames.put("data-sealed", new Frame.Data(0x1111, 7, 1, 0, "orders", Map.of(), proof, Frame.SEALED));
        frames.put("auth", new Frame.Auth(proof));
        frames.put("welcome", new Frame.Welcome(referrals));
        frames.put("refuse", new Frame.Refuse(Reason.BUSY, "node 2222 has its maximum of 7 neighbors", referrals));
        frames.put("disconnect", new Frame.Disconnect(Reason.LEAVING, "leaving", List.of()));
        frames.put("ping", new Frame.Ping(42));
        frames.put("pong", new Frame.Pong(42));
        frames.put("data", new Frame.Data(0x1111, 7, 2, 8, "orders.eu", headers,
                "order 42 shipped ✓".getBytes(StandardCharsets.UTF_8)));
        byte[] signature = new byte[64];
        Arrays.fill(signature, (byte) 0x5C);
        frames.put("data-signed", new Frame.Data(0x1111, 8, 2, 8, "orders.eu", headers,
                "order 43 shipped".getBytes(StandardCharsets.UTF_8), signature));
        frames.put("data-run", new Frame.DataRun(List.of(
                new Frame.Data(0x1111, 9, 2, 8, "orders.eu", Map.of(), "order 44".getBytes(StandardCharsets.UTF_8)),
                new Frame.Data(0x1111, 10, 2, 8, "orders.eu", headers, new byte[0], signature),
                new Frame.Data(0x1111, 11, 2, 8, "orders.eu", Map.of("k", "v"), new byte[] { 7 }))));
        byte[] salt = new byte[Frame.OriginKey.SALT_LENGTH];
        Arrays.fill(salt, (byte) 0x33);
        frames.put("origin-key", new Frame.OriginKey(0x1111, salt, Frame.OriginKey.PUBLIC_KEY,
                dev.peermesh.security.SigningKey.generateEd25519().publicKey().getEncoded()));
        frames.put("ihave", new Frame.IHave(List.of(new Frame.Announcement(0x1111, 7, 9, 2),
                new Frame.Announcement(0x3333, 1, 1))));
        frames.put("graft", new Frame.Graft(List.of(new MessageId(0x1111, 7), new MessageId(0x3333, 1))));
        frames.put("prune", new Frame.Prune(List.of(0x1111L, 0x3333L)));
        frames.put("prune-every-origin", new Frame.Prune());
        frames.put("pause", new Frame.Pause(32, List.of(0x1111L, 0x3333L)));
        frames.put("resume", new Frame.Resume(List.of(0x1111L)));
        frames.put("shuffle", new Frame.Shuffle(referrals));
        frames.put("shuffle-reply", new Frame.ShuffleReply(List.of(referrals.get(0))));
        frames.put("forward-join", new Frame.ForwardJoin(referrals.get(0), 6));
        frames.put("catch-up", new Frame.CatchUp(List.of(new Frame.CatchUpRule("orders.*", 60_000, 500),
                new Frame.CatchUpRule("*", 1_000, 1))));
        frames.put("replay", new Frame.Replay(new Frame.Data(0x1111, 12, 2, 8, "orders.eu", Map.of("k", "v"),
                new byte[] { 7 })));
        frames.put("caught-up", new Frame.CaughtUp(3));
        frames.put("direct", new Frame.Direct(new Frame.Data(0x1111, 13, 1, 0, "orders.eu",
                Map.of("peermesh.target", "0000000000003333"), new byte[] { 8 })));
        return frames;
    }

    /**
     * Writes the seed corpus: each frame alone and all of them in one stream for the decoder, each body for the
     * reader, and a few streams that break a rule. Run after a change to the wire format; see {@link FuzzSeeds}.
     */
    public static void main(String[] args) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (Map.Entry<String, Frame> sample : sampleFrames().entrySet()) {
            byte[] bytes = WireBytes.encode(sample.getValue());
            stream.writeBytes(bytes);
            FuzzSeeds.write(WireFuzzTest.class, DECODER, sample.getKey(), bytes);
            byte[] body = new byte[bytes.length - FrameWriter.LENGTH_FIELD - 1];
            System.arraycopy(bytes, FrameWriter.LENGTH_FIELD + 2, body, 1, body.length - 1);
            body[0] = (byte) sample.getValue().type().ordinal();
            FuzzSeeds.write(WireFuzzTest.class, READER, sample.getKey(), body);
        }
        FuzzSeeds.write(WireFuzzTest.class, DECODER, "every-type", stream.toByteArray());
        // HELLO of a node from before the max message size field: the body ends after the flags
        byte[] hello = WireBytes.encode(sampleFrames().get("hello"));
        byte[] oldHello = Arrays.copyOfRange(hello, FrameWriter.LENGTH_FIELD + 1, hello.length - 4);
        oldHello[0] = (byte) FrameType.HELLO.ordinal();
        FuzzSeeds.write(WireFuzzTest.class, READER, "hello-without-max-message-size", oldHello);
        // REFUSE from a newer peer: reason 200, detail "x", no referrals
        FuzzSeeds.write(WireFuzzTest.class, READER, "refuse-unknown-reason",
                new byte[] { (byte) FrameType.REFUSE.ordinal(), (byte) 200, 0, 1, 'x', 0 });
        // DISCONNECT whose detail is an overlong UTF-8 encoding of '/'
        FuzzSeeds.write(WireFuzzTest.class, READER, "disconnect-overlong-utf8",
                new byte[] { (byte) FrameType.DISCONNECT.ordinal(), 1, 0, 2, (byte) 0xC0, (byte) 0xAF, 0 });
        byte[] ping = WireBytes.encode(new Frame.Ping(1));
        FuzzSeeds.write(WireFuzzTest.class, DECODER, "over-the-limit-then-ping",
                concat(new byte[] { 0, 0, (byte) 0x80, 1 }, ping));
        FuzzSeeds.write(WireFuzzTest.class, DECODER, "version-1",
                new byte[] { 0, 0, 0, 10, 1, 7, 0, 0, 0, 0, 0, 0, 0, 1 });
        FuzzSeeds.write(WireFuzzTest.class, DECODER, "unknown-type",
                new byte[] { 0, 0, 0, 2, FrameWriter.VERSION, 31 });
        FuzzSeeds.write(WireFuzzTest.class, DECODER, "too-short", new byte[] { 0, 0, 0, 1, FrameWriter.VERSION });
        FuzzSeeds.write(WireFuzzTest.class, DECODER, "ping-then-half-a-frame",
                concat(ping, new byte[] { 0, 0, 0, 10, FrameWriter.VERSION }));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static int readInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) << 24 | (bytes[offset + 1] & 0xFF) << 16 | (bytes[offset + 2] & 0xFF) << 8
                | bytes[offset + 3] & 0xFF;
    }
}
