package dev.peermesh.resolver.multicast;

import dev.peermesh.PeerAddress;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * One multicast resolver datagram, version 1 or, authenticated, 2 (documented in {@code docs/resolvers.md}).
 * Big-endian:
 *
 * <pre>
 * magic    4 bytes   "PMRS" (0x504D5253)
 * version  1 byte    1; 2 with the MAC at the end
 * type     1 byte    1 ANNOUNCE, 2 QUERY, 3 GOODBYE
 * mesh id  1 byte length (1..255) + UTF-8
 * node id  8 bytes   the sender's node id (0 in a QUERY from no registered node)
 * host     1 byte length (0..255) + UTF-8   empty in a QUERY
 * port     2 bytes   1..65535; 0 in a QUERY
 * mac      16 bytes  version 2 only: HMAC-SHA256 of everything before it, cut to 128 bits ({@link DatagramKeys})
 * </pre>
 *
 * Nothing else may follow. A datagram is at most {@value #MAX_LENGTH} bytes, well inside one unfragmented packet.
 *
 * <p>{@code ByteBuffer bytes = Datagram.announce("orders", nodeId, address).encode();}
 *
 * @param type what the sender says
 * @param meshId the mesh it is about
 * @param nodeId the sender's node id
 * @param address the sender's node address; {@code null} in a QUERY
 */
record Datagram(Type type, String meshId, long nodeId, @Nullable PeerAddress address) {

    /** "PMRS": peermesh resolver. */
    static final int MAGIC = 0x504D5253;

    static final int VERSION = 1;

    /** The version of datagrams that end with a MAC. */
    static final int AUTHENTICATED_VERSION = 2;

    static final int MAX_FIELD_LENGTH = 255;

    static final int MAX_LENGTH = 4 + 1 + 1 + 1 + MAX_FIELD_LENGTH + 8 + 1 + MAX_FIELD_LENGTH + 2
            + DatagramKeys.MAC_LENGTH;

    /** What a datagram says. */
    enum Type {
        /** "I am a node of this mesh, at this address": sent on register, every interval, and to answer a QUERY. */
        ANNOUNCE(1),
        /** "Who is in this mesh?": members answer with an ANNOUNCE. */
        QUERY(2),
        /** "I am leaving this mesh": receivers forget the node at once. */
        GOODBYE(3);

        final int code;

        Type(int code) {
            this.code = code;
        }
    }

    static Datagram announce(String meshId, long nodeId, PeerAddress address) {
        return new Datagram(Type.ANNOUNCE, meshId, nodeId, address);
    }

    static Datagram goodbye(String meshId, long nodeId, PeerAddress address) {
        return new Datagram(Type.GOODBYE, meshId, nodeId, address);
    }

    static Datagram query(String meshId, long nodeId) {
        return new Datagram(Type.QUERY, meshId, nodeId, null);
    }

    /** The datagram's bytes, version 1, unauthenticated. */
    ByteBuffer encode() {
        return encode(DatagramKeys.none());
    }

    /** The datagram's bytes, ready to send: version 2 with its MAC when {@code keys} are enabled. */
    ByteBuffer encode(DatagramKeys keys) {
        byte[] mesh = meshId.getBytes(StandardCharsets.UTF_8);
        byte[] host = address == null ? new byte[0] : address.host().getBytes(StandardCharsets.UTF_8);
        if (mesh.length < 1 || mesh.length > MAX_FIELD_LENGTH || host.length > MAX_FIELD_LENGTH) {
            throw new IllegalArgumentException("Mesh id '" + meshId + "' or host does not fit a multicast datagram: "
                    + "each may have 1 to " + MAX_FIELD_LENGTH + " UTF-8 bytes");
        }
        int macLength = keys.enabled() ? DatagramKeys.MAC_LENGTH : 0;
        ByteBuffer out = ByteBuffer.allocate(4 + 1 + 1 + 1 + mesh.length + 8 + 1 + host.length + 2 + macLength);
        out.putInt(MAGIC).put((byte) (keys.enabled() ? AUTHENTICATED_VERSION : VERSION)).put((byte) type.code);
        out.put((byte) mesh.length).put(mesh).putLong(nodeId);
        out.put((byte) host.length).put(host).putShort((short) (address == null ? 0 : address.port()));
        if (keys.enabled()) {
            out.put(keys.mac(meshId, out.duplicate().flip()));
        }
        return out.flip();
    }

    /** Reads one version 1 datagram, as a resolver without the mesh password does. */
    static Datagram decode(ByteBuffer in) throws MalformedDatagramException {
        return decode(in, DatagramKeys.none());
    }

    /**
     * Reads one datagram; every length is checked before it is used.
     *
     * @throws MalformedDatagramException saying what is wrong; {@link MalformedDatagramException#foreign()} when it
     *     is another protocol or version
     */
    static Datagram decode(ByteBuffer in, DatagramKeys keys) throws MalformedDatagramException {
        if (in.remaining() > MAX_LENGTH) {
            throw new MalformedDatagramException("longer than " + MAX_LENGTH + " bytes", false);
        }
        int start = in.position();
        try {
            if (in.remaining() < 6 || in.getInt() != MAGIC) {
                throw new MalformedDatagramException("not a peermesh resolver datagram", true);
            }
            int version = in.get() & 0xFF;
            int expected = keys.enabled() ? AUTHENTICATED_VERSION : VERSION;
            if (version == VERSION && keys.enabled()) {
                throw MalformedDatagramException.unauthenticated("version 1 carries no MAC, and this resolver has "
                        + "the mesh password");
            }
            if (version != expected) {
                throw new MalformedDatagramException("version " + version + ", not " + expected, true);
            }
            Type type = type(in.get() & 0xFF);
            String meshId = text(in, 1, "mesh id");
            long nodeId = in.getLong();
            String host = text(in, type == Type.QUERY ? 0 : 1, "host");
            int port = in.getShort() & 0xFFFF;
            if (keys.enabled()) {
                authenticate(in, start, keys, meshId);
            }
            if (in.hasRemaining()) {
                throw new MalformedDatagramException(in.remaining() + " bytes after the port", false);
            }
            if (type == Type.QUERY) {
                return query(meshId, nodeId);
            }
            if (port == 0) {
                throw new MalformedDatagramException(type + " with port 0", false);
            }
            return new Datagram(type, meshId, nodeId, new PeerAddress(host, port));
        }
        catch (BufferUnderflowException ex) {
            throw new MalformedDatagramException("truncated", false);
        }
        catch (IllegalArgumentException ex) {
            throw new MalformedDatagramException(ex.getMessage(), false);
        }
    }

    /** Checks the MAC that follows the port against everything before it. */
    private static void authenticate(ByteBuffer in, int start, DatagramKeys keys, String meshId)
            throws MalformedDatagramException {
        if (in.remaining() < DatagramKeys.MAC_LENGTH) {
            throw new MalformedDatagramException("truncated MAC", false);
        }
        ByteBuffer signed = in.duplicate();
        signed.limit(in.position()).position(start);
        byte[] mac = new byte[DatagramKeys.MAC_LENGTH];
        in.get(mac);
        if (!keys.verify(meshId, signed, mac)) {
            throw MalformedDatagramException.unauthenticated("its MAC is not mesh '" + meshId + "''s: another "
                    + "password, an altered datagram, or a mesh this resolver does not use");
        }
    }

    private static Type type(int code) throws MalformedDatagramException {
        for (Type type : Type.values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new MalformedDatagramException("unknown type " + code, false);
    }

    private static String text(ByteBuffer in, int minLength, String field) throws MalformedDatagramException {
        int length = in.get() & 0xFF;
        if (length < minLength) {
            throw new MalformedDatagramException("empty " + field, false);
        }
        if (length > in.remaining()) {
            throw new MalformedDatagramException(field + " runs past the end", false);
        }
        ByteBuffer bytes = in.slice().limit(length);
        in.position(in.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        }
        catch (CharacterCodingException ex) {
            throw new MalformedDatagramException(field + " is not UTF-8", false);
        }
    }
}
