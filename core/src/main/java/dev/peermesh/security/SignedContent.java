package dev.peermesh.security;

import dev.peermesh.wire.Frame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Map;

/**
 * What an origin signs: every field of a message that the origin fixes and no relay may change — the mesh id, the
 * origin, the sequence number, the hop limit, the topic, the headers and the payload — but not the hop count, which
 * every relay raises. Laid out as in {@code docs/security.md}: a label, then the fields in wire encoding, headers
 * sorted by name (unsigned UTF-8 bytes), since a DATA frame does not keep their order.
 */
final class SignedContent {

    private static final byte[] LABEL = "peermesh/v1 message".getBytes(StandardCharsets.US_ASCII);

    private static final byte[][] NO_FIELDS = new byte[0][];

    private static final byte[] SEAL_LABEL = "peermesh/v1 seal".getBytes(StandardCharsets.US_ASCII);

    /**
     * Per thread (publishers digest on their own threads, the loop digests what arrives): a SHA-256 engine and the
     * buffer the fields before the payload are laid out in, reused from one message to the next, with the last mesh
     * id and topic encoded — a message's digest then allocates nothing but itself.
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private SignedContent() {
    }

    /** Feeds the content of a message to a signature being made or checked. */
    static void update(Signature signature, String meshId, long origin, long sequence, int hopLimit, String topic,
            Map<String, String> headers, byte[] payload) throws SignatureException {
        ByteBuffer prefix = SCRATCH.get().prefix(meshId, origin, sequence, hopLimit, topic, headers, payload.length);
        signature.update(prefix.array(), 0, prefix.position());
        signature.update(payload);
    }

    /**
     * The SHA-256 digest of a message's content: what a {@link dev.peermesh.wire.Frame.Seal} holds for each message
     * it covers, in place of a signature.
     */
    static byte[] digest(String meshId, long origin, long sequence, int hopLimit, String topic,
            Map<String, String> headers, byte[] payload) {
        Scratch scratch = SCRATCH.get();
        ByteBuffer prefix = scratch.prefix(meshId, origin, sequence, hopLimit, topic, headers, payload.length);
        MessageDigest sha256 = scratch.sha256;
        sha256.update(prefix.array(), 0, prefix.position());
        return sha256.digest(payload);
    }

    /**
     * The hash that stands for one seal of a group in what the group's signature covers: the SHA-256 of its first
     * sequence number, its count and its digests, one after another.
     */
    static byte[] sealHash(long first, byte[] digests) {
        MessageDigest sha256 = SCRATCH.get().sha256;
        ByteBuffer head = ByteBuffer.allocate(8 + 2).putLong(first).putShort((short) (digests.length
                / Frame.DIGEST_LENGTH));
        sha256.update(head.array());
        return sha256.digest(digests);
    }

    /** The hashes of a seal's whole group, in group order: the others it carries, its own at its place. */
    static byte[] groupHashes(Frame.Seal seal) {
        byte[] own = sealHash(seal.first(), seal.digests());
        byte[] hashes = new byte[seal.groupSize() * Frame.DIGEST_LENGTH];
        int at = seal.index() * Frame.DIGEST_LENGTH;
        System.arraycopy(seal.others(), 0, hashes, 0, at);
        System.arraycopy(own, 0, hashes, at, Frame.DIGEST_LENGTH);
        System.arraycopy(seal.others(), at, hashes, at + Frame.DIGEST_LENGTH, seal.others().length - at);
        return hashes;
    }

    /** The hashes of a group without the one at {@code index}: what the seal at that place carries. */
    static byte[] others(byte[] groupHashes, int index) {
        byte[] others = new byte[groupHashes.length - Frame.DIGEST_LENGTH];
        int at = index * Frame.DIGEST_LENGTH;
        System.arraycopy(groupHashes, 0, others, 0, at);
        System.arraycopy(groupHashes, at + Frame.DIGEST_LENGTH, others, at, others.length - at);
        return others;
    }

    /**
     * Feeds the content of a group of seals to a signature: the label {@code peermesh/v1 seal}, the mesh id, the
     * origin, the number of seals and each seal's {@link #sealHash}, in group order. Signing hashes rather than the
     * digests keeps what the signature algorithm hashes itself short: Ed25519 hashes its whole input with SHA-512,
     * twice to sign, and a full seal's digests are 16 KiB.
     */
    static void updateSeal(Signature signature, String meshId, long origin, byte[] groupHashes)
            throws SignatureException {
        byte[] mesh = meshId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer content = ByteBuffer.allocate(SEAL_LABEL.length + 2 + mesh.length + 8 + 1 + groupHashes.length);
        content.put(SEAL_LABEL);
        putString(content, mesh);
        content.putLong(origin).put((byte) (groupHashes.length / Frame.DIGEST_LENGTH));
        content.put(groupHashes);
        signature.update(content.array());
    }

    /** Names and values, name first, pairs sorted by name. */
    private static byte[][] sortedHeaders(Map<String, String> headers) {
        byte[][][] pairs = new byte[headers.size()][][];
        int i = 0;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            pairs[i++] = new byte[][] { header.getKey().getBytes(StandardCharsets.UTF_8),
                    header.getValue().getBytes(StandardCharsets.UTF_8) };
        }
        if (pairs.length > 1) {
            Arrays.sort(pairs, (a, b) -> Arrays.compareUnsigned(a[0], b[0]));
        }
        byte[][] fields = new byte[pairs.length * 2][];
        for (int p = 0; p < pairs.length; p++) {
            fields[2 * p] = pairs[p][0];
            fields[2 * p + 1] = pairs[p][1];
        }
        return fields;
    }

    private static void putString(ByteBuffer out, byte[] utf8) {
        out.putShort((short) utf8.length);
        out.put(utf8);
    }

    /** One thread's engine and buffer. */
    private static final class Scratch {

        /** Most a thread keeps for prefixes; a message with more header bytes gets a buffer of its own. */
        private static final int KEPT_BYTES = 4096;

        final MessageDigest sha256;

        private ByteBuffer buffer = ByteBuffer.allocate(256);

        private String mesh = "";

        private byte[] meshBytes = new byte[0];

        private String topic = "";

        private byte[] topicBytes = new byte[0];

        Scratch() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            }
            catch (NoSuchAlgorithmException ex) {
                throw new IllegalStateException("This JVM lacks SHA-256, which peermesh needs", ex);
            }
        }

        /**
         * Everything signed before the payload — label, mesh id, origin, sequence, hop limit, topic, headers,
         * payload length — laid out from the start of the buffer, which it returns positioned after them.
         */
        ByteBuffer prefix(String meshId, long origin, long sequence, int hopLimit, String topicName,
                Map<String, String> headers, int payloadLength) {
            if (!meshId.equals(mesh)) {
                meshBytes = meshId.getBytes(StandardCharsets.UTF_8);
                mesh = meshId;
            }
            if (!topicName.equals(topic)) {
                topicBytes = topicName.getBytes(StandardCharsets.UTF_8);
                topic = topicName;
            }
            byte[][] sorted = headers.isEmpty() ? NO_FIELDS : sortedHeaders(headers);
            int length = LABEL.length + 2 + meshBytes.length + 8 + 8 + 2 + 2 + topicBytes.length + 2 + 4;
            for (byte[] field : sorted) {
                length += 2 + field.length;
            }
            ByteBuffer prefix;
            if (length > KEPT_BYTES) {
                prefix = ByteBuffer.allocate(length); // large headers: a buffer for this message only
            }
            else {
                if (buffer.capacity() < length) {
                    buffer = ByteBuffer.allocate(KEPT_BYTES);
                }
                prefix = buffer.clear();
            }
            prefix.put(LABEL);
            putString(prefix, meshBytes);
            prefix.putLong(origin).putLong(sequence).putShort((short) hopLimit);
            putString(prefix, topicBytes);
            prefix.putShort((short) headers.size());
            for (byte[] field : sorted) {
                putString(prefix, field);
            }
            return prefix.putInt(payloadLength);
        }
    }
}
