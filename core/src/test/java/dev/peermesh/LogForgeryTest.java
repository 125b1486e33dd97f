package dev.peermesh;

import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.FrameWriter;
import dev.peermesh.wire.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An outsider or a neighbor sends text made to forge log lines (CR LF, a fake timestamp and level, a terminal escape)
 * in a mesh id, a header name and a topic; the node's log keeps one line per event, each escaped.
 */
class LogForgeryTest {

    private static final String MESH = "log-forgery-test";

    /** A second log line after a line break, coloured red by an ANSI escape. */
    private static final String FORGERY = "\r\n18:00:00.000 ERROR FORGED-LOG-LINE \u001b[31mred\u001b[0m";

    private final SecureRandom random = new SecureRandom();

    private TestMesh mesh;

    private LogLines log;

    @BeforeEach
    void capture() {
        log = new LogLines();
        mesh = new TestMesh(MESH);
    }

    @AfterEach
    void release() {
        mesh.close();
        log.close();
    }

    @Test
    void meshIdWithLineBreaksAndEscapesInAHelloIsLoggedOnOneEscapedLine() throws Exception {
        MeshNode node = mesh.start();
        Frame.Refuse refuse;
        try (RawPeer outsider = new RawPeer(node.address())) {
            outsider.send(new Frame.Hello("other" + FORGERY, 7, new PeerAddress("127.0.0.1", 1), nonce()));
            refuse = outsider.receive(Frame.Refuse.class);
        }
        await().until(() -> log.text().contains("FORGED-LOG-LINE"));

        assertOneCleanLineFor("rejected input from", "other\\r\\n18:00:00.000 ERROR FORGED-LOG-LINE \\u001b[31mred");
        assertThat(refuse.reason()).isEqualTo(Reason.WRONG_MESH);
        assertThat(refuse.detail()).as("the refusal sent back is escaped too")
                .contains("other\\r\\n18:00:00.000 ERROR FORGED-LOG-LINE \\u001b[31m");
    }

    @Test
    void repeatedHeaderWithLineBreaksAndEscapesInItsNameIsLoggedOnOneEscapedLine() throws Exception {
        MeshNode node = mesh.start();
        long peerId = 0x5eedL;
        try (RawPeer neighbor = new RawPeer(node.address())) {
            neighbor.joinAsNeighbor(MESH, MeshKey.derive(MESH, TestMesh.PASSWORD), peerId, node.nodeId());
            // Two headers whose names have the same length, then the second name overwritten with the first: a
            // frame no encoder would write, with a forged name the decoder quotes when it refuses the repeat.
            String forged = "x-" + FORGERY;
            String other = "y-" + FORGERY;
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(forged, "1");
            headers.put(other, "2");
            byte[] frame = encode(new Frame.Data(peerId, 1, 1, 0, "news", headers, new byte[0]));
            replaceLast(frame, other.getBytes(StandardCharsets.UTF_8), forged.getBytes(StandardCharsets.UTF_8));
            neighbor.sendRaw(frame);

            assertThat(neighbor.closedByNode()).isTrue();
        }
        await().until(() -> log.text().contains("FORGED-LOG-LINE"));

        assertOneCleanLineFor("rejected input from", "repeats header 'x-\\r\\n18:00:00.000 ERROR FORGED-LOG-LINE");
    }

    @Test
    void subscriberFailureNamesTheTopicEscapedOnOneLine() throws Exception {
        MeshNode node = mesh.start();
        node.subscribe("chat*", message -> {
            throw new IllegalStateException("subscriber broke");
        });
        long peerId = 0x70b1cL;
        try (RawPeer neighbor = new RawPeer(node.address())) {
            neighbor.joinAsNeighbor(MESH, MeshKey.derive(MESH, TestMesh.PASSWORD), peerId, node.nodeId());
            neighbor.send(new Frame.Data(peerId, 1, 1, 0, "chat" + FORGERY, Map.of(), new byte[0]));

            await().until(() -> log.text().contains("FORGED-LOG-LINE"));
        }

        assertOneCleanLineFor("Subscriber for 'chat*' failed", "(topic 'chat\\r\\n18:00:00.000 ERROR FORGED-LOG-LINE");
    }

    /**
     * The forged text only ever sits inside the node's own lines (a neighbor-down line may quote it too), escaped,
     * and the line for {@code event} quotes it; no line carries a raw CR or ESC.
     */
    private void assertOneCleanLineFor(String event, String escaped) {
        List<String> lines = log.lines();
        List<String> quoting = lines.stream().filter(line -> line.contains("FORGED-LOG-LINE")).toList();
        assertThat(quoting).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith(LogLines.PREFIX));
        assertThat(quoting).filteredOn(line -> line.contains(event)).singleElement()
                .satisfies(line -> assertThat(line).contains(escaped));
        assertThat(lines).noneMatch(line -> line.contains("\r") || line.contains("\u001b"));
        assertThat(log.text()).doesNotContain("\u001b").doesNotContain("\r");
    }

    private static byte[] encode(Frame frame) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            FrameWriter.write(frame, buffer);
            return ByteBufUtil.getBytes(buffer);
        }
        finally {
            buffer.release();
        }
    }

    private static void replaceLast(byte[] in, byte[] what, byte[] with) {
        for (int i = in.length - what.length; i >= 0; i--) {
            if (Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
                System.arraycopy(with, 0, in, i, with.length);
                return;
            }
        }
        throw new AssertionError("not found in the frame");
    }

    private byte[] nonce() {
        byte[] nonce = new byte[Frame.NONCE_LENGTH];
        random.nextBytes(nonce);
        return nonce;
    }
}
