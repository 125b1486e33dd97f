package dev.peermesh;

import dev.peermesh.protocol.link.HandshakeSide;
import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.FrameReader;
import dev.peermesh.wire.FrameType;
import dev.peermesh.wire.FrameWriter;
import dev.peermesh.wire.MalformedFrameException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A hand-driven peer on a plain blocking socket, for tests that need to say exactly what goes on the wire.
 */
final class RawPeer implements AutoCloseable {

    private final Socket socket;

    private final DataInputStream in;

    private final OutputStream out;

    RawPeer(PeerAddress address) throws IOException {
        this(new Socket(address.host(), address.port()));
    }

    /** A peer on a socket the test accepted: it plays the responder of a node that dialled it. */
    RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout(10_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    private int lastVersion;

    void send(Frame frame) throws IOException {
        ByteBuf buffer = Unpooled.buffer();
        try {
            FrameWriter.write(frame, buffer);
            out.write(ByteBufUtil.getBytes(buffer));
            out.flush();
        }
        finally {
            buffer.release();
        }
    }

    /** The version byte of the frame last received. */
    int lastVersion() {
        return lastVersion;
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next frame from the node; fails the test on EOF or a 10 s silence. */
    Frame receive() throws IOException {
        int length = in.readInt();
        byte[] frame = new byte[length];
        in.readFully(frame);
        lastVersion = frame[0];
        FrameType type = FrameType.of(frame[1]);
        ByteBuf body = Unpooled.wrappedBuffer(frame, 2, length - 2);
        try {
            return FrameReader.read(type, body, FrameLimits.defaults());
        }
        catch (MalformedFrameException ex) {
            throw new IllegalStateException("Node sent a malformed frame: " + ex.getMessage(), ex);
        }
    }

    /**
     * The next frame of the given type, skipping keepalives and the GRAFT naming no message a node cut off from the
     * broadcast tree sends on its first link.
     */
    <T extends Frame> T receive(Class<T> type) throws IOException {
        Frame frame;
        do {
            frame = receive();
        }
        while (frame instanceof Frame.Ping && type != Frame.Ping.class
                || frame instanceof Frame.Graft graft && graft.ids().isEmpty() && type != Frame.Graft.class);
        if (!type.isInstance(frame)) {
            throw new AssertionError("Expected " + type.getSimpleName() + " but received " + frame);
        }
        return type.cast(frame);
    }

    /** Runs the whole handshake as node {@code peerId} knowing {@code key}, up to the node's WELCOME. */
    void joinAsNeighbor(String meshId, MeshKey key, long peerId, long nodeId) throws IOException {
        HandshakeSide side = HandshakeSide.initiator(key, peerId);
        send(side.hello(meshId, new PeerAddress("127.0.0.1", 1)));
        Frame.Challenge challenge = receive(Frame.Challenge.class);
        send(side.auth(challenge));
        receive(Frame.Welcome.class);
    }

    /** Whether the node closed the connection: reads until EOF, failing on a 10 s silence. */
    boolean closedByNode() {
        try {
            while (in.read() >= 0) {
                // drain what was sent before the close
            }
            return true;
        }
        catch (SocketTimeoutException ex) {
            return false;
        }
        catch (EOFException ex) {
            return true;
        }
        catch (IOException ex) {
            return true; // a reset is a close too
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
