package dev.peermesh.transport;

import dev.peermesh.FrameLimits;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.FrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A link's bundle: an origin's consecutive messages go in one DATA frame (a run), and the link's peer reads back
 * every message as it was sent, in order; anything else ends a run.
 */
class BundlesTest {

    private final EmbeddedChannel link = new EmbeddedChannel();

    private final EmbeddedChannel other = new EmbeddedChannel();

    private final Bundles bundles = new Bundles();

    @AfterEach
    void close() {
        link.finishAndReleaseAll();
        other.finishAndReleaseAll();
    }

    @Test
    void anOriginsConsecutiveMessagesShareOneFrameAndReadBackOneByOne() {
        List<Frame> sent = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            sent.add(message(7, i, Map.of("n", Integer.toString(i)), 100 + i));
        }
        Written written = sendOnLink(sent);

        assertThat(written.frameLengths()).hasSize(1);
        assertThat(written.read()).containsExactlyElementsOf(expected(sent));
    }

    @Test
    void aGapAnotherOriginHopsTopicOrFrameStartsANewFrame() {
        List<Frame> sent = List.of(message(7, 1, Map.of(), 10), message(7, 2, Map.of(), 10),
                message(7, 4, Map.of(), 10), message(8, 5, Map.of(), 10),
                new Frame.Data(8, 6, 2, 0, "t", Map.of(), new byte[3]),
                new Frame.Data(8, 7, 2, 0, "u", Map.of(), new byte[3]), new Frame.Ping(1),
                new Frame.Data(8, 8, 2, 0, "u", Map.of(), new byte[3]));
        Written written = sendOnLink(sent);

        assertThat(written.frameLengths()).hasSize(7);
        assertThat(written.read()).containsExactlyElementsOf(expected(sent));
    }

    @Test
    void aRunStopsGrowingAtItsSizeAndTheRestFollowsInTheNextFrames() {
        List<Frame> sent = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            sent.add(message(7, i, Map.of(), 1_024));
        }
        Written written = sendOnLink(sent);

        assertThat(written.frameLengths()).hasSizeGreaterThan(2)
                .allSatisfy(length -> assertThat(length).isLessThanOrEqualTo(Bundles.RUN_BYTES));
        assertThat(written.read()).containsExactlyElementsOf(expected(sent));
    }

    @Test
    void aMessageSentToTwoLinksIsCopiedWholeIntoTheSecondLinksRun() {
        List<Frame> sent = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Frame message = message(7, i, Map.of("k", "v" + i), 50);
            sent.add(message);
            bundles.append(link, message);
            bundles.append(other, message);
        }

        List<Object> first = readBack(writtenTo(link));
        List<Object> second = readBack(writtenTo(other));

        assertThat(first).containsExactlyElementsOf(expected(sent));
        assertThat(second).containsExactlyElementsOf(expected(sent));
    }

    @Test
    void aRunDoesNotGoPastTheLastSequenceNumber() {
        List<Frame> sent = List.of(message(7, -2, Map.of(), 10), message(7, -1, Map.of(), 10),
                message(7, 0, Map.of(), 10));

        Written written = sendOnLink(sent);

        assertThat(written.frameLengths()).hasSize(2);
        assertThat(written.read()).containsExactlyElementsOf(expected(sent));
    }

    @Test
    void aRunHoldsAtMostItsNumberOfMessages() {
        List<Frame> sent = new ArrayList<>();
        for (int i = 1; i <= Frame.MAX_RUN + 1; i++) {
            sent.add(new Frame.Data(7, i, 1, 0, "t", Map.of(), new byte[0]));
        }

        Written written = sendOnLink(sent);

        assertThat(written.frameLengths()).hasSize(2);
        assertThat(written.read()).containsExactlyElementsOf(expected(sent));
    }

    @Test
    void aMessageLongerThanARunGoesInAFrameOfItsOwn() {
        List<Frame> sent = List.of(message(7, 1, Map.of(), 100), message(7, 2, Map.of(), 40_000),
                message(7, 3, Map.of(), 100));
        Written written = sendOnLink(sent);

        assertThat(written.frameLengths()).hasSize(3);
        assertThat(written.read()).containsExactlyElementsOf(expected(sent));
    }

    /** The frames a link's bundle held, their lengths, and what its peer read from them. */
    private record Written(List<Integer> frameLengths, List<Object> read) {
    }

    private Written sendOnLink(List<Frame> frames) {
        frames.forEach(frame -> bundles.append(link, frame));
        ByteBuf written = writtenTo(link);
        return new Written(frameLengths(written), readBack(written));
    }

    private static List<Object> expected(List<Frame> sent) {
        return sent.stream().map(BundlesTest::same).toList();
    }

    private static Frame.Data message(long origin, long sequence, Map<String, String> headers, int length) {
        byte[] payload = new byte[length];
        payload[length - 1] = (byte) sequence;  // tells the messages apart when read back
        return new Frame.Data(origin, sequence, 1, 0, "t", headers, payload);
    }

    /** What the peer reads for a frame sent: its fields, the payload compared by content. */
    private static Object same(Frame frame) {
        if (frame instanceof Frame.Data data) {
            return List.of(data.origin(), data.sequence(), data.hops(), data.hopLimit(), data.topic(),
                    data.headers(), java.util.Arrays.toString(data.payload()));
        }
        return frame;
    }

    private ByteBuf writtenTo(EmbeddedChannel channel) {
        bundles.writeOut();
        channel.flush();
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf part = channel.readOutbound(); part != null; part = channel.readOutbound()) {
            all.writeBytes(part);
            part.release();
        }
        return all;
    }

    private static List<Integer> frameLengths(ByteBuf bytes) {
        List<Integer> lengths = new ArrayList<>();
        for (int at = bytes.readerIndex(); at < bytes.writerIndex(); at += 4 + bytes.getInt(at)) {
            lengths.add(bytes.getInt(at));
        }
        return lengths;
    }

    private static List<Object> readBack(ByteBuf bytes) {
        EmbeddedChannel peer = new EmbeddedChannel(new FrameDecoder(FrameLimits.defaults()));
        peer.writeInbound(bytes);
        List<Object> read = new ArrayList<>();
        for (Object frame = peer.readInbound(); frame != null; frame = peer.readInbound()) {
            read.add(frame instanceof Frame f ? same(f) : frame);
        }
        peer.finishAndReleaseAll();
        return read;
    }
}
