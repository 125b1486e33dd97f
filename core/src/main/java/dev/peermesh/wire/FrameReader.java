package dev.peermesh.wire;

import dev.peermesh.FrameLimits;
import dev.peermesh.PeerAddress;
import dev.peermesh.log.PeerText;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Reads the body of one version 4 frame from a buffer that holds exactly that frame, checking every field against
 * the limits. Stateless; {@link FrameDecoder} does the framing. A DATA frame of one message reads as a
 * {@link Frame.Data}, one of several as a {@link Frame.DataRun}.
 */
public final class FrameReader {

    /** The payload of every empty message: a run of them costs no array each. */
    private static final byte[] EMPTY = new byte[0];

    private FrameReader() {
    }

    /**
     * Reads a frame body of the given type; the buffer must hold the body and nothing else.
     *
     * @throws MalformedFrameException when a field is out of bounds, the body is short, or bytes are left over
     */
    public static Frame read(FrameType type, ByteBuf body, FrameLimits limits) throws MalformedFrameException {
        return read(type, body, limits, null);
    }

    /** As {@link #read(FrameType, ByteBuf, FrameLimits)}; a DATA topic equal to {@code lastTopic} is taken as it. */
    static Frame read(FrameType type, ByteBuf body, FrameLimits limits, @Nullable LastTopic lastTopic)
            throws MalformedFrameException {
        Frame frame;
        try {
            frame = switch (type) {
                case HELLO -> hello(body, type);
                case CHALLENGE -> new Frame.Challenge(body.readLong(), address(body),
                        bytes(body, Frame.NONCE_LENGTH), bytes(body, Frame.PROOF_LENGTH), maxMessageSize(body, type),
                        share(body, type));
                case AUTH -> new Frame.Auth(bytes(body, Frame.PROOF_LENGTH));
                case WELCOME -> new Frame.Welcome(referrals(body));
                case REFUSE -> new Frame.Refuse(Reason.of(body.readUnsignedByte()),
                        string(body, FrameLimits.MAX_DETAIL_LENGTH, "detail"), referrals(body));
                case DISCONNECT -> new Frame.Disconnect(Reason.of(body.readUnsignedByte()),
                        string(body, FrameLimits.MAX_DETAIL_LENGTH, "detail"), referrals(body));
                case PING -> new Frame.Ping(body.readLong());
                case PONG -> new Frame.Pong(body.readLong());
                case DATA -> data(body, limits, lastTopic);
                case IHAVE -> ihave(body);
                case GRAFT -> graft(body);
                case PRUNE -> new Frame.Prune(origins(body, "PRUNE"));
                case PAUSE -> new Frame.Pause(body.readUnsignedByte(), origins(body, "PAUSE"));
                case RESUME -> new Frame.Resume(origins(body, "RESUME"));
                case SHUFFLE -> new Frame.Shuffle(referrals(body));
                case SHUFFLE_REPLY -> new Frame.ShuffleReply(referrals(body));
                case FORWARD_JOIN -> new Frame.ForwardJoin(new Referral(body.readLong(), address(body)),
                        body.readUnsignedByte());
                case ORIGIN_KEY -> originKey(body);
                case SEAL -> seal(body);
                case CATCH_UP -> catchUp(body, limits);
                case REPLAY -> new Frame.Replay(single(body, limits, lastTopic, "REPLAY"));
                case DIRECT -> new Frame.Direct(single(body, limits, lastTopic, "DIRECT"));
                case CAUGHT_UP -> new Frame.CaughtUp(body.readUnsignedInt());
            };
        }
        catch (IndexOutOfBoundsException ex) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR, type + " frame is truncated");
        }
        catch (IllegalArgumentException ex) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR, type + " frame is invalid: " + ex.getMessage());
        }
        if (body.isReadable()) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR,
                    type + " frame has " + body.readableBytes() + " unexpected trailing bytes");
        }
        return frame;
    }

    /** A DATA frame: the head, then messages with consecutive sequence numbers up to the frame's end. */
    private static Frame data(ByteBuf body, FrameLimits limits, @Nullable LastTopic lastTopic)
            throws MalformedFrameException {
        long origin = body.readLong();
        long sequence = body.readLong();
        int hops = body.readUnsignedShort();
        int hopLimit = body.readUnsignedShort();
        String topic = topic(body, limits, lastTopic);
        Frame.Data first = message(body, limits, origin, sequence, hops, hopLimit, topic);
        if (!body.isReadable()) {
            return first;
        }
        List<Frame.Data> run = new ArrayList<>();
        run.add(first);
        while (body.isReadable()) {
            if (Long.compareUnsigned(sequence + run.size(), sequence) < 0) { // sequence numbers are u64
                throw new MalformedFrameException(Reason.PROTOCOL_ERROR, "DATA run goes past the last sequence number");
            }
            if (run.size() == Frame.MAX_RUN) {
                throw new MalformedFrameException(Reason.PROTOCOL_ERROR, "DATA run has more than " + Frame.MAX_RUN
                        + " messages");
            }
            run.add(message(body, limits, origin, sequence + run.size(), hops, hopLimit, topic));
        }
        return new Frame.DataRun(run);
    }

    /** A REPLAY or DIRECT frame: a DATA frame's layout with exactly one message. */
    private static Frame.Data single(ByteBuf body, FrameLimits limits, @Nullable LastTopic lastTopic, String type)
            throws MalformedFrameException {
        Frame data = data(body, limits, lastTopic);
        if (data instanceof Frame.DataRun run) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR, type + " frame carries " + run.messages().size()
                    + " messages; it carries exactly one");
        }
        return (Frame.Data) data;
    }

    /** A CATCH_UP frame: 1 to 16 rules of topic pattern, max age and max messages. */
    private static Frame catchUp(ByteBuf body, FrameLimits limits) throws MalformedFrameException {
        int count = body.readUnsignedByte();
        if (count < 1 || count > Frame.MAX_CATCH_UP_RULES) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR, "CATCH_UP frame has " + count
                    + " rules; 1 to " + Frame.MAX_CATCH_UP_RULES + " are accepted");
        }
        List<Frame.CatchUpRule> rules = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String topics = string(body, limits.maxTopicLength(), "topic pattern");
            long maxAge = body.readUnsignedInt();
            long maxMessages = body.readUnsignedInt();
            rules.add(new Frame.CatchUpRule(topics, maxAge, (int) Math.min(maxMessages, Integer.MAX_VALUE)));
        }
        return new Frame.CatchUp(rules);
    }

    /** One message of a DATA frame: headers, signature and payload. */
    private static Frame.Data message(ByteBuf body, FrameLimits limits, long origin, long sequence, int hops,
            int hopLimit, String topic) throws MalformedFrameException {
        int headerCount = body.readUnsignedShort();
        if (headerCount > limits.maxHeaders()) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR,
                    "DATA frame has " + headerCount + " headers; at most " + limits.maxHeaders() + " are accepted");
        }
        Map<String, String> headers = headerCount == 0 ? Map.of() : new LinkedHashMap<>(headerCount * 2);
        for (int i = 0; i < headerCount; i++) {
            String name = string(body, limits.maxHeaderNameLength(), "header name");
            String value = string(body, limits.maxHeaderValueLength(), "header value");
            if (headers.put(name, value) != null) {
                throw new MalformedFrameException(Reason.PROTOCOL_ERROR, "DATA frame repeats header '"
                        + PeerText.escape(name) + "'");
            }
        }
        int signatureLength = body.readUnsignedShort();
        if (signatureLength > Frame.MAX_SIGNATURE_LENGTH) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR, "DATA signature is " + signatureLength
                    + " bytes; at most " + Frame.MAX_SIGNATURE_LENGTH + " are accepted");
        }
        byte[] signature = signatureLength == 0 ? Frame.NO_SIGNATURE : bytes(body, signatureLength);
        long payloadLength = body.readUnsignedInt();
        if (payloadLength > body.readableBytes()) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR, "DATA payload length " + payloadLength
                    + " exceeds the " + body.readableBytes() + " bytes left in the frame");
        }
        byte[] payload = payloadLength == 0 ? EMPTY : bytes(body, (int) payloadLength);
        return new Frame.Data(origin, sequence, hops, hopLimit, topic, headers, payload, signature);
    }

    private static Frame.Seal seal(ByteBuf body) throws MalformedFrameException {
        long origin = body.readLong();
        long first = body.readLong();
        if (origin == 0 || first < 1) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR, "SEAL names origin " + origin
                    + " and first sequence number " + first + "; neither may be 0");
        }
        int count = body.readUnsignedShort();
        if (count == 0 || count > Frame.MAX_SEALED) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR, "SEAL covers " + count + " messages; 1 to "
                    + Frame.MAX_SEALED + " are allowed");
        }
        byte[] digests = bytes(body, count * Frame.DIGEST_LENGTH);
        int group = body.readUnsignedByte();
        int index = body.readUnsignedByte();
        if (group == 0 || group > Frame.MAX_SEAL_GROUP || index >= group) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR, "SEAL is number " + index + " of a group of "
                    + group + "; groups of 1 to " + Frame.MAX_SEAL_GROUP + " are allowed, numbered from 0");
        }
        byte[] others = group == 1 ? EMPTY : bytes(body, (group - 1) * Frame.DIGEST_LENGTH);
        int length = body.readUnsignedShort();
        if (length == 0 || length > Frame.MAX_SIGNATURE_LENGTH) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR, "SEAL signature is " + length
                    + " bytes; 1 to " + Frame.MAX_SIGNATURE_LENGTH + " are allowed");
        }
        return new Frame.Seal(origin, first, digests, index, others, bytes(body, length));
    }

    private static Frame.OriginKey originKey(ByteBuf body) throws MalformedFrameException {
        long origin = body.readLong();
        if (origin == 0) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR, "ORIGIN_KEY names origin 0");
        }
        byte[] salt = bytes(body, Frame.OriginKey.SALT_LENGTH);
        int kind = body.readUnsignedByte();
        int length = body.readUnsignedShort();
        if (length > FrameLimits.MAX_CREDENTIAL_LENGTH) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR, "ORIGIN_KEY credential is " + length
                    + " bytes; at most " + FrameLimits.MAX_CREDENTIAL_LENGTH + " are accepted");
        }
        return new Frame.OriginKey(origin, salt, kind, bytes(body, length));
    }

    /**
     * The sender's maximum message size, the last field of HELLO and CHALLENGE. A node of an earlier 0.x version
     * ends the frame before it: said plainly, since "truncated" would leave its operator guessing.
     */
    private static int maxMessageSize(ByteBuf body, FrameType type) throws MalformedFrameException {
        if (body.readableBytes() < 4) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR, type + " frame has no max message size: the peer"
                    + " runs a peermesh version from before this field; run the same version on every node");
        }
        long size = body.readUnsignedInt();
        if (size < FrameLimits.MIN_FRAME_LENGTH || size > Integer.MAX_VALUE) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR, type + " max message size " + size
                    + " is out of range; allowed: " + FrameLimits.MIN_FRAME_LENGTH + " to " + Integer.MAX_VALUE);
        }
        return (int) size;
    }

    /** A HELLO: its flags byte says priority (bit 0) and a direct link (bit 1). */
    private static Frame.Hello hello(ByteBuf body, FrameType type) throws MalformedFrameException {
        String meshId = string(body, FrameLimits.MAX_MESH_ID_LENGTH, "mesh id");
        long nodeId = body.readLong();
        PeerAddress address = address(body);
        byte[] nonce = bytes(body, Frame.NONCE_LENGTH);
        int flags = flags(body);
        return new Frame.Hello(meshId, nodeId, address, nonce, (flags & 1) != 0, maxMessageSize(body, type),
                (flags & 2) != 0, share(body, type));
    }

    /** A key share: none in an open mesh, one P-256 point in a password mesh. */
    private static byte[] share(ByteBuf body, FrameType type) throws MalformedFrameException {
        int length = body.readUnsignedByte();
        if (length != 0 && length != Frame.SHARE_LENGTH) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR, type + " carries a key share of " + length
                    + " bytes; a share is " + Frame.SHARE_LENGTH + " bytes or none");
        }
        return length == 0 ? Frame.NO_SHARE : bytes(body, length);
    }

    private static int flags(ByteBuf body) throws MalformedFrameException {
        int flags = body.readUnsignedByte();
        if ((flags & ~3) != 0) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR, "HELLO sets unknown flags " + flags);
        }
        return flags;
    }

    private static Frame.IHave ihave(ByteBuf body) throws MalformedFrameException {
        int count = idCount(body, "IHAVE", 26);
        List<Frame.Announcement> announcements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long origin = body.readLong();
            long first = body.readLong();
            long last = body.readLong();
            if (first > last) {
                throw new MalformedFrameException(Reason.PROTOCOL_ERROR, "IHAVE range " + first + " to " + last
                        + " ends before it starts");
            }
            announcements.add(new Frame.Announcement(origin, first, last, body.readUnsignedShort()));
        }
        return new Frame.IHave(announcements);
    }

    private static Frame.Graft graft(ByteBuf body) throws MalformedFrameException {
        int count = idCount(body, "GRAFT", 16);
        List<dev.peermesh.MessageId> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(new dev.peermesh.MessageId(body.readLong(), body.readLong()));
        }
        return new Frame.Graft(ids);
    }

    private static List<Long> origins(ByteBuf body, String frame) throws MalformedFrameException {
        int count = idCount(body, frame, 8);
        List<Long> origins = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            origins.add(body.readLong());
        }
        return origins;
    }

    private static int idCount(ByteBuf body, String frame, int entryLength) throws MalformedFrameException {
        String entries = switch (frame) {
            case "PRUNE", "PAUSE", "RESUME" -> " origins";
            case "IHAVE" -> " ranges";
            default -> " message ids";
        };
        int count = body.readUnsignedShort();
        if (count > Frame.MAX_MESSAGE_IDS) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR, frame + " frame carries " + count
                    + entries + "; at most " + Frame.MAX_MESSAGE_IDS + " are accepted");
        }
        if ((long) count * entryLength != body.readableBytes()) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR, frame + " frame claims " + count
                    + entries + " but has " + body.readableBytes() + " bytes for them");
        }
        return count;
    }

    private static List<Referral> referrals(ByteBuf body) throws MalformedFrameException {
        int count = body.readUnsignedByte();
        if (count > Frame.MAX_REFERRALS) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR,
                    count + " referrals in one frame; at most " + Frame.MAX_REFERRALS + " are accepted");
        }
        List<Referral> referrals = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            referrals.add(new Referral(body.readLong(), address(body)));
        }
        return referrals;
    }

    private static PeerAddress address(ByteBuf body) throws MalformedFrameException {
        String host = string(body, PeerAddress.MAX_HOST_LENGTH, "host");
        return new PeerAddress(host, body.readUnsignedShort());
    }

    /** A DATA frame's topic: the link's last one when its bytes are equal, else checked and decoded as any string. */
    private static String topic(ByteBuf body, FrameLimits limits, @Nullable LastTopic lastTopic)
            throws MalformedFrameException {
        if (lastTopic == null) {
            return string(body, limits.maxTopicLength(), "topic");
        }
        int length = body.getUnsignedShort(body.readerIndex());
        if (length <= limits.maxTopicLength() && 2 + length <= body.readableBytes()) {
            body.skipBytes(2);
            String same = lastTopic.match(body, length);
            if (same != null) {
                return same;
            }
            body.readerIndex(body.readerIndex() - 2);
        }
        int start = body.readerIndex() + 2;
        String topic = string(body, limits.maxTopicLength(), "topic");
        lastTopic.remember(body, start, body.readerIndex() - start, topic);
        return topic;
    }

    private static String string(ByteBuf body, int maxLength, String field) throws MalformedFrameException {
        int length = body.readUnsignedShort();
        if (length > maxLength) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR,
                    field + " is " + length + " bytes; at most " + maxLength + " are accepted");
        }
        if (length > body.readableBytes()) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR,
                    field + " claims " + length + " bytes but only " + body.readableBytes() + " are left");
        }
        // Strict: a lenient decoder would turn each bad byte into a 3-byte U+FFFD, so a field within its limit here
        // could exceed it when this node forwards the frame, and the next node would drop the link.
        if (!ByteBufUtil.isText(body, body.readerIndex(), length, StandardCharsets.UTF_8)) {
            throw new MalformedFrameException(Reason.PROTOCOL_ERROR, field + " is not valid UTF-8");
        }
        return body.readCharSequence(length, StandardCharsets.UTF_8).toString();
    }

    private static byte[] bytes(ByteBuf body, int length) {
        byte[] bytes = new byte[length];
        body.readBytes(bytes);
        return bytes;
    }
}
