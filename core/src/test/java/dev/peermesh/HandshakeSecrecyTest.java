package dev.peermesh;

import dev.peermesh.wire.Frame;
import dev.peermesh.wire.FrameReader;
import dev.peermesh.wire.FrameType;
import dev.peermesh.wire.MalformedFrameException;
import dev.peermesh.wire.Reason;
import io.netty.buffer.Unpooled;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a password-protected handshake puts on the wire, recorded from the socket by a TCP proxy between two real
 * nodes: never the password nor the key derived from it, nothing to test a password guess against, and nothing that
 * opens a second link when replayed.
 */
class HandshakeSecrecyTest {

    private static final String MESH = "secrecy";

    private final TestMesh mesh = new TestMesh(MESH);

    private RecordingProxy proxy;

    @AfterEach
    void stop() throws IOException {
        mesh.close();
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void handshakeBytesNeverCarryThePasswordOrTheMeshKeyAndAReplayIsRefused() throws Exception {
        MeshNode responder = mesh.start();
        proxy = new RecordingProxy(responder.address());
        MeshNode initiator = mesh.start(s -> s.neighbors(1, 1, 1), b -> b.resolver(
                new dev.peermesh.resolver.StaticPeerResolver(List.of(proxy.address()))));
        await().until(() -> TestMesh.neighborIds(initiator).contains(responder.nodeId()));
        initiator.publish("after", "handshake".getBytes(StandardCharsets.UTF_8), Map.of());
        await().until(() -> mesh.delivered(responder, "after"));

        byte[] fromInitiator = proxy.fromClient();
        byte[] fromResponder = proxy.fromServer();
        List<Frame> sent = frames(fromInitiator);
        List<Frame> answered = frames(fromResponder);
        assertThat(sent).extracting(Frame::type).startsWith(FrameType.HELLO, FrameType.AUTH);
        assertThat(answered).extracting(Frame::type).startsWith(FrameType.CHALLENGE, FrameType.WELCOME);

        assertThat(indexOf(fromInitiator, MESH.getBytes(StandardCharsets.UTF_8)))
                .as("the recording holds the handshake: the mesh id travels in clear in the HELLO").isPositive();
        for (byte[] secret : secretForms(TestMesh.PASSWORD, meshKey(MESH, TestMesh.PASSWORD))) {
            assertThat(indexOf(fromInitiator, secret)).as("initiator's bytes contain %s",
                    new String(secret, StandardCharsets.ISO_8859_1)).isEqualTo(-1);
            assertThat(indexOf(fromResponder, secret)).as("responder's bytes contain %s",
                    new String(secret, StandardCharsets.ISO_8859_1)).isEqualTo(-1);
        }

        // The whole recorded opening, replayed verbatim on a new connection: same id, same nonce, same proof.
        Frame.Hello hello = (Frame.Hello) sent.get(0);
        Frame.Auth auth = (Frame.Auth) sent.get(1);

        // An eavesdropper's dictionary, with the password in it: no candidate explains either proof (version 3's
        // HMAC proofs gave the password away here); a SPAKE2 confirmation cannot even be checked without a scalar.
        PasswordGuesser guesser = new PasswordGuesser(MESH);
        Frame.Challenge recorded = (Frame.Challenge) answered.get(0);
        for (String candidate : List.of("password", TestMesh.PASSWORD, "Test-Mesh-Pass-2")) {
            assertThat(guesser.explainsAsHmac(candidate, hello, recorded)).as(candidate).isFalse();
            assertThat(guesser.explainsAsHmac(candidate, hello, recorded, auth)).as(candidate).isFalse();
        }
        try (RawPeer replay = new RawPeer(responder.address())) {
            replay.send(hello);
            Frame.Challenge challenge = replay.receive(Frame.Challenge.class);
            assertThat(challenge.nonce()).as("a fresh nonce").isNotEqualTo(((Frame.Challenge) answered.get(0)).nonce());
            replay.send(auth);
            assertThat(replay.receive(Frame.Refuse.class).reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
            assertThat(replay.closedByNode()).isTrue();
        }
        assertThat(responder.state().counters().rejected()).containsEntry(Rejection.AUTHENTICATION_FAILED, 1L);
        assertThat(TestMesh.neighborIds(responder)).containsExactly(initiator.nodeId());
    }

    /** The password as UTF-8, UTF-16 (both byte orders), hex and Base64, and the mesh key raw, in hex and Base64. */
    private static List<byte[]> secretForms(String password, byte[] key) {
        List<byte[]> forms = new ArrayList<>();
        byte[] utf8 = password.getBytes(StandardCharsets.UTF_8);
        for (byte[] raw : List.of(utf8, key)) {
            forms.add(raw);
            forms.add(HexFormat.of().formatHex(raw).getBytes(StandardCharsets.US_ASCII));
            forms.add(HexFormat.of().withUpperCase().formatHex(raw).getBytes(StandardCharsets.US_ASCII));
            forms.add(Base64.getEncoder().encode(raw));
        }
        forms.add(password.getBytes(StandardCharsets.UTF_16BE));
        forms.add(password.getBytes(StandardCharsets.UTF_16LE));
        // Any 8 bytes of the key: no part of it leaks either.
        for (int i = 0; i + 8 <= key.length; i += 8) {
            forms.add(java.util.Arrays.copyOfRange(key, i, i + 8));
        }
        return forms;
    }

    /** The mesh key as docs/protocol.md section 5.2 defines it, computed here independently of MeshKey. */
    private static byte[] meshKey(String meshId, String password) throws Exception {
        byte[] salt = ("peermesh/v1 mesh key/" + meshId).getBytes(StandardCharsets.UTF_8);
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, 120_000, 256);
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    }

    private static List<Frame> frames(byte[] stream) throws MalformedFrameException {
        List<Frame> frames = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(stream);
        while (in.remaining() >= 4) {
            int length = in.getInt();
            if (in.remaining() < length) {
                break;
            }
            byte[] frame = new byte[length];
            in.get(frame);
            frames.add(FrameReader.read(FrameType.of(frame[1]), Unpooled.wrappedBuffer(frame, 2, length - 2),
                    FrameLimits.defaults()));
        }
        return frames;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A one-connection TCP proxy that records what each side sent. */
    private static final class RecordingProxy implements AutoCloseable {

        private final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());

        private final ByteArrayOutputStream fromClient = new ByteArrayOutputStream();

        private final ByteArrayOutputStream fromServer = new ByteArrayOutputStream();

        private final List<Socket> sockets = new ArrayList<>();

        RecordingProxy(PeerAddress target) throws IOException {
            Thread acceptor = new Thread(() -> {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(target.host(), target.port());
                    synchronized (sockets) {
                        sockets.add(client);
                        sockets.add(upstream);
                    }
                    pump(client.getInputStream(), upstream.getOutputStream(), fromClient);
                    pump(upstream.getInputStream(), client.getOutputStream(), fromServer);
                }
                catch (IOException ex) {
                    // closed by the test
                }
            }, "recording-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        PeerAddress address() {
            return new PeerAddress(server.getInetAddress().getHostAddress(), server.getLocalPort());
        }

        byte[] fromClient() {
            synchronized (fromClient) {
                return fromClient.toByteArray();
            }
        }

        byte[] fromServer() {
            synchronized (fromServer) {
                return fromServer.toByteArray();
            }
        }

        private static void pump(InputStream in, OutputStream out, ByteArrayOutputStream record) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        synchronized (record) {
                            record.write(buffer, 0, n);
                        }
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
                catch (IOException ex) {
                    // one side closed
                }
            }, "recording-proxy-pump");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (sockets) {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }
}
