package dev.peermesh.wire;

import dev.peermesh.FrameLimits;
import dev.peermesh.PeerAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Writes frames in the version 4 layout of {@code docs/protocol.md}: a 32-bit length, the version byte, the type
 * byte, then the body. Stateless.
 */
public final class FrameWriter {

    /** The protocol version this writer produces. */
    public static final int VERSION = 4;

    /**
     * The version every REFUSE is written in, whatever the version of the link (docs/protocol.md, section 9): a
     * node of any version reads why it was refused. Its layout is the same in every version so far.
     */
    public static final int REFUSE_VERSION = 1;

    /** Bytes before the counted part of a frame: the 32-bit length field. */
    public static final int LENGTH_FIELD = 4;

    private FrameWriter() {
    }

    /** Writes one whole frame, length prefix included, to {@code out}. */
    public static void write(Frame frame, ByteBuf out) {
        int lengthIndex = out.writerIndex();
        if (frame instanceof Frame.Data data) {
            writeDataHead(out, data);
            writeMessage(out, data);
            setLength(out, lengthIndex);
            return;
        }
        Frame.Data single = single(frame);
        if (single != null) { // REPLAY and DIRECT: a DATA frame's layout with one message, under their own type
            writeDataHead(out, single, frame.type());
            writeMessage(out, single);
            setLength(out, lengthIndex);
            return;
        }
        if (frame instanceof Frame.DataRun run) {
            writeDataHead(out, run.messages().get(0));
            for (Frame.Data message : run.messages()) {
                writeMessage(out, message);
            }
            setLength(out, lengthIndex);
            return;
        }
        out.writeInt(0);
        out.writeByte(frame instanceof Frame.Refuse ? REFUSE_VERSION : VERSION);
        out.writeByte(frame.type().code());
        if (frame instanceof Frame.Seal seal) {
            out.writeLong(seal.origin());
            out.writeLong(seal.first());
            out.writeShort(seal.count());
            out.writeBytes(seal.digests());
            out.writeByte(seal.groupSize());
            out.writeByte(seal.index());
            out.writeBytes(seal.others());
            out.writeShort(seal.signature().length);
            out.writeBytes(seal.signature());
        }
        else if (frame instanceof Frame.OriginKey key) {
            out.writeLong(key.origin());
            out.writeBytes(key.salt());
            out.writeByte(key.kind());
            out.writeShort(key.encoded().length);
            out.writeBytes(key.encoded());
        }
        else if (frame instanceof Frame.IHave ihave) {
            out.writeShort(ihave.announcements().size());
            for (Frame.Announcement announcement : ihave.announcements()) {
                out.writeLong(announcement.origin());
                out.writeLong(announcement.first());
                out.writeLong(announcement.last());
                out.writeShort(announcement.hops());
            }
        }
        else if (frame instanceof Frame.Graft graft) {
            out.writeShort(graft.ids().size());
            for (dev.peermesh.MessageId id : graft.ids()) {
                out.writeLong(id.origin());
                out.writeLong(id.sequence());
            }
        }
        else if (frame instanceof Frame.Prune prune) {
            writeOrigins(out, prune.origins());
        }
        else if (frame instanceof Frame.Pause pause) {
            out.writeByte(pause.hops());
            writeOrigins(out, pause.origins());
        }
        else if (frame instanceof Frame.Resume resume) {
            writeOrigins(out, resume.origins());
        }
        else if (frame instanceof Frame.CatchUp catchUp) {
            out.writeByte(catchUp.rules().size());
            for (Frame.CatchUpRule rule : catchUp.rules()) {
                writeString(out, rule.topics());
                out.writeInt((int) rule.maxAgeMillis());
                out.writeInt(rule.maxMessages());
            }
        }
        else if (frame instanceof Frame.CaughtUp caughtUp) {
            out.writeInt((int) caughtUp.replayed());
        }
        else if (frame instanceof Frame.Shuffle shuffle) {
            writeReferrals(out, shuffle.peers());
        }
        else if (frame instanceof Frame.ShuffleReply reply) {
            writeReferrals(out, reply.peers());
        }
        else if (frame instanceof Frame.ForwardJoin join) {
            out.writeLong(join.joiner().nodeId());
            writeAddress(out, join.joiner().address());
            out.writeByte(join.ttl());
        }
        else if (frame instanceof Frame.Hello hello) {
            writeString(out, hello.meshId());
            out.writeLong(hello.nodeId());
            writeAddress(out, hello.address());
            out.writeBytes(hello.nonce());
            out.writeByte((hello.priority() ? 1 : 0) | (hello.direct() ? 2 : 0));
            out.writeInt(hello.maxMessageSize());
            writeShare(out, hello.share());
        }
        else if (frame instanceof Frame.Challenge challenge) {
            out.writeLong(challenge.nodeId());
            writeAddress(out, challenge.address());
            out.writeBytes(challenge.nonce());
            out.writeBytes(challenge.proof());
            out.writeInt(challenge.maxMessageSize());
            writeShare(out, challenge.share());
        }
        else if (frame instanceof Frame.Auth auth) {
            out.writeBytes(auth.proof());
        }
        else if (frame instanceof Frame.Welcome welcome) {
            writeReferrals(out, welcome.referrals());
        }
        else if (frame instanceof Frame.Refuse refuse) {
            writeReasoned(out, refuse.reason(), refuse.detail(), refuse.referrals());
        }
        else if (frame instanceof Frame.Disconnect disconnect) {
            writeReasoned(out, disconnect.reason(), disconnect.detail(), disconnect.referrals());
        }
        else if (frame instanceof Frame.Ping ping) {
            out.writeLong(ping.token());
        }
        else if (frame instanceof Frame.Pong pong) {
            out.writeLong(pong.token());
        }
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex - LENGTH_FIELD);
    }

    /**
     * The counted length (version byte to end of body) of a DATA frame with these fields: what
     * {@link FrameLimits#maxFrameLength()} is compared with.
     */
    public static long dataLength(String topic, Map<String, String> headers, int payloadLength) {
        return dataLength(topic, headers, payloadLength, 0);
    }

    /** {@link #dataLength(String, Map, int)} of a message with a signature of {@code signatureLength} bytes. */
    public static long dataLength(String topic, Map<String, String> headers, int payloadLength, int signatureLength) {
        long length = 2 + 8 + 8 + 2 + 2 + 2 + utf8Length(topic) + 2 + 2 + signatureLength + 4L + payloadLength;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            length += 2 + utf8Length(header.getKey()) + 2 + utf8Length(header.getValue());
        }
        return length;
    }

    /**
     * Bytes a buffer should have room for to take the whole frame, length prefix included, without growing: exact
     * for DATA (headers and topic counted as ASCII, which errs low only for other scripts), a small default else.
     */
    public static int estimatedLength(Frame frame) {
        if (frame instanceof Frame.Data data) {
            return estimatedHeadLength(data) + estimatedMessageLength(data);
        }
        if (frame instanceof Frame.DataRun run) {
            int length = estimatedHeadLength(run.messages().get(0));
            for (Frame.Data message : run.messages()) {
                length += estimatedMessageLength(message);
            }
            return length;
        }
        Frame.Data single = single(frame);
        if (single != null) {
            return estimatedHeadLength(single) + estimatedMessageLength(single);
        }
        if (frame instanceof Frame.OriginKey key) {
            return LENGTH_FIELD + 2 + 8 + Frame.OriginKey.SALT_LENGTH + 1 + 2 + key.encoded().length;
        }
        if (frame instanceof Frame.Seal seal) {
            return LENGTH_FIELD + 2 + 8 + 8 + 2 + seal.digests().length + 2 + seal.others().length + 2
                    + seal.signature().length;
        }
        return 256;
    }

    /** {@link #estimatedLength} of a DATA frame's head, length field to topic ({@link #writeDataHead}). */
    public static int estimatedHeadLength(Frame.Data data) {
        return LENGTH_FIELD + 2 + 8 + 8 + 2 + 2 + 2 + data.topic().length();
    }

    /** {@link #estimatedLength} of one message of a DATA frame ({@link #writeMessage}). */
    public static int estimatedMessageLength(Frame.Data data) {
        int length = 2 + 2 + data.signature().length + 4 + data.payload().length;
        for (Map.Entry<String, String> header : data.headers().entrySet()) {
            length += 4 + header.getKey().length() + header.getValue().length();
        }
        return length;
    }

    /** The message of a REPLAY or a DIRECT frame, or null for any other frame. */
    private static Frame.@Nullable Data single(Frame frame) {
        return frame instanceof Frame.Replay replay ? replay.message()
                : frame instanceof Frame.Direct direct ? direct.message() : null;
    }

    /** Length of a string in UTF-8 bytes. */
    public static int utf8Length(String text) {
        return ByteBufUtil.utf8Bytes(text);
    }

    /**
     * The head of a DATA frame whose first message is {@code data}, length field to topic, with the length to be set
     * ({@link #setLength}) once its messages ({@link #writeMessage}) are written.
     */
    public static void writeDataHead(ByteBuf out, Frame.Data data) {
        writeDataHead(out, data, FrameType.DATA);
    }

    /** A DATA head, or a REPLAY's (the same layout). */
    private static void writeDataHead(ByteBuf out, Frame.Data data, FrameType type) {
        out.writeInt(0);
        out.writeByte(VERSION);
        out.writeByte(type.code());
        out.writeLong(data.origin());
        out.writeLong(data.sequence());
        out.writeShort(data.hops());
        out.writeShort(data.hopLimit());
        writeString(out, data.topic());
    }

    /** Sets the length field of the frame that starts at {@code frameStart} to end at the writer index. */
    public static void setLength(ByteBuf out, int frameStart) {
        out.setInt(frameStart, out.writerIndex() - frameStart - LENGTH_FIELD);
    }

    /** One message of a DATA frame, after the head or the run's previous message: headers, signature, payload. */
    public static void writeMessage(ByteBuf out, Frame.Data data) {
        out.writeShort(data.headers().size());
        for (Map.Entry<String, String> header : data.headers().entrySet()) {
            writeString(out, header.getKey());
            writeString(out, header.getValue());
        }
        out.writeShort(data.signature().length);
        out.writeBytes(data.signature());
        out.writeInt(data.payload().length);
        out.writeBytes(data.payload());
    }

    private static void writeReasoned(ByteBuf out, Reason reason, String detail, List<Referral> referrals) {
        out.writeByte(reason.code());
        writeString(out, truncate(detail));
        writeReferrals(out, referrals);
    }

    private static void writeOrigins(ByteBuf out, List<Long> origins) {
        out.writeShort(origins.size());
        for (int i = 0; i < origins.size(); i++) {
            out.writeLong(origins.get(i));
        }
    }

    private static void writeReferrals(ByteBuf out, List<Referral> referrals) {
        out.writeByte(referrals.size());
        for (Referral referral : referrals) {
            out.writeLong(referral.nodeId());
            writeAddress(out, referral.address());
        }
    }

    /** A key share: its length in one byte (0 in an open mesh), then its bytes. */
    private static void writeShare(ByteBuf out, byte[] share) {
        out.writeByte(share.length);
        out.writeBytes(share);
    }

    private static void writeAddress(ByteBuf out, PeerAddress address) {
        writeString(out, address.host());
        out.writeShort(address.port());
    }

    private static void writeString(ByteBuf out, String text) {
        int length = utf8Length(text);
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("A string field is " + length + " UTF-8 bytes; at most 65535 fit");
        }
        out.writeShort(length);
        out.writeCharSequence(text, StandardCharsets.UTF_8);
    }

    private static String truncate(String detail) {
        if (utf8Length(detail) <= FrameLimits.MAX_DETAIL_LENGTH) {
            return detail;
        }
        // Cut by characters until it fits: details are for people, not parsed.
        String cut = detail.substring(0, Math.min(detail.length(), FrameLimits.MAX_DETAIL_LENGTH));
        while (utf8Length(cut) > FrameLimits.MAX_DETAIL_LENGTH || splitsPair(detail, cut.length())) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut;
    }

    /** Whether cutting {@code text} at {@code index} leaves half a surrogate pair, which would be written as '?'. */
    private static boolean splitsPair(String text, int index) {
        return index > 0 && index < text.length()
                && Character.isSurrogatePair(text.charAt(index - 1), text.charAt(index));
    }
}
