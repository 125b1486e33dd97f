package dev.peermesh.wire;

import dev.peermesh.FrameLimits;
import dev.peermesh.PeerAddress;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A frame of peermesh wire protocol version 4; see {@code docs/protocol.md}.
 *
 * <p>Frames are immutable values. Byte arrays handed to them are not copied: callers must not change them
 * afterwards.
 */
public sealed interface Frame {

    /** Length of handshake nonces, in bytes. */
    int NONCE_LENGTH = 32;

    /** Length of handshake proofs (HMAC-SHA256, or a SPAKE2 confirmation), in bytes. */
    int PROOF_LENGTH = 32;

    /** Length of a SPAKE2 key share (an uncompressed P-256 point), in bytes; an open mesh's handshake sends none. */
    int SHARE_LENGTH = 65;

    /** The key share of an open mesh's handshake. */
    byte[] NO_SHARE = new byte[0];

    /** Most referrals one frame carries. */
    int MAX_REFERRALS = 10;

    /** Most message ids one GRAFT frame carries, most ranges one IHAVE carries, and most origins one PRUNE names. */
    int MAX_MESSAGE_IDS = 1024;

    /**
     * Most messages one DATA frame carries (a run): a peer cannot make a node build more than that many messages from
     * one frame, however small.
     */
    int MAX_RUN = 1024;

    /** The largest hop count or hop limit: both are 16-bit fields on the wire. */
    int MAX_HOPS = 0xFFFF;

    /** Longest signature a DATA frame carries, in bytes: room for RSA keys of up to 8,192 bits. */
    int MAX_SIGNATURE_LENGTH = 1024;

    /** Most topic patterns one CATCH_UP frame names. */
    int MAX_CATCH_UP_RULES = 16;

    /** The signature of an unsigned message. */
    byte[] NO_SIGNATURE = new byte[0];

    /**
     * The signature field of a sealed message: one zero byte, which no signature algorithm produces. The message's
     * digest is in a {@link Seal} of its origin, sent on the link before it.
     */
    byte[] SEALED = new byte[] { 0 };

    /** Length of a message digest in a SEAL: SHA-256. */
    int DIGEST_LENGTH = 32;

    /** Most messages one SEAL covers: a full seal is some 16 KiB, within the smallest frame limit a node may set. */
    int MAX_SEALED = 512;

    /**
     * Most SEALs one signature covers, as one group: an origin with a backlog seals up to 8 full runs at once (4,096
     * messages) and receivers check one signature for them.
     */
    int MAX_SEAL_GROUP = 8;

    /** The type written on the wire for this frame. */
    FrameType type();

    /**
     * Opens a handshake.
     *
     * @param priority whether the initiator has no neighbor at all: a full responder then makes room for it
     * @param maxMessageSize the longest frame the initiator accepts ({@link FrameLimits#maxFrameLength()}), so the
     *        responder never sends it a longer one; {@link FrameLimits#MIN_FRAME_LENGTH} to {@code 2^31 - 1}
     * @param direct whether the initiator asks for a direct link rather than a neighbor link: one that carries only
     *        messages for the two nodes (DIRECT), outside both nodes' neighbor bounds
     * @param share the initiator's SPAKE2 key share in a password mesh, {@link #NO_SHARE} in an open one
     */
    record Hello(String meshId, long nodeId, PeerAddress address, byte[] nonce, boolean priority, int maxMessageSize,
            boolean direct, byte[] share) implements Frame {
        public Hello {
            Objects.requireNonNull(meshId, "meshId");
            Objects.requireNonNull(address, "address");
            FrameChecks.requireLength(nonce, NONCE_LENGTH, "nonce");
            FrameChecks.requireMaxMessageSize(maxMessageSize);
            FrameChecks.requireShare(share);
        }

        /** A HELLO of an open mesh. */
        public Hello(String meshId, long nodeId, PeerAddress address, byte[] nonce, boolean priority,
                int maxMessageSize, boolean direct) {
            this(meshId, nodeId, address, nonce, priority, maxMessageSize, direct, NO_SHARE);
        }

        /** A HELLO for a neighbor link. */
        public Hello(String meshId, long nodeId, PeerAddress address, byte[] nonce, boolean priority,
                int maxMessageSize) {
            this(meshId, nodeId, address, nonce, priority, maxMessageSize, false);
        }

        /** A HELLO of a node with the default maximum message size. */
        public Hello(String meshId, long nodeId, PeerAddress address, byte[] nonce, boolean priority) {
            this(meshId, nodeId, address, nonce, priority, FrameLimits.DEFAULT_MAX_FRAME_LENGTH);
        }

        /** A HELLO without priority, of a node with the default maximum message size. */
        public Hello(String meshId, long nodeId, PeerAddress address, byte[] nonce) {
            this(meshId, nodeId, address, nonce, false);
        }

        @Override
        public FrameType type() {
            return FrameType.HELLO;
        }
    }

    /**
     * Answers a HELLO with the responder's identity, nonce and proof.
     *
     * @param maxMessageSize the longest frame the responder accepts, as in {@link Hello#maxMessageSize()}
     * @param share the responder's SPAKE2 key share in a password mesh, {@link #NO_SHARE} in an open one
     */
    record Challenge(long nodeId, PeerAddress address, byte[] nonce, byte[] proof, int maxMessageSize, byte[] share)
            implements Frame {
        public Challenge {
            Objects.requireNonNull(address, "address");
            FrameChecks.requireLength(nonce, NONCE_LENGTH, "nonce");
            FrameChecks.requireLength(proof, PROOF_LENGTH, "proof");
            FrameChecks.requireMaxMessageSize(maxMessageSize);
            FrameChecks.requireShare(share);
        }

        /** A CHALLENGE of an open mesh. */
        public Challenge(long nodeId, PeerAddress address, byte[] nonce, byte[] proof, int maxMessageSize) {
            this(nodeId, address, nonce, proof, maxMessageSize, NO_SHARE);
        }

        /** A CHALLENGE of a node with the default maximum message size. */
        public Challenge(long nodeId, PeerAddress address, byte[] nonce, byte[] proof) {
            this(nodeId, address, nonce, proof, FrameLimits.DEFAULT_MAX_FRAME_LENGTH);
        }

        @Override
        public FrameType type() {
            return FrameType.CHALLENGE;
        }
    }

    /** The initiator's proof. */
    record Auth(byte[] proof) implements Frame {
        public Auth {
            FrameChecks.requireLength(proof, PROOF_LENGTH, "proof");
        }

        @Override
        public FrameType type() {
            return FrameType.AUTH;
        }
    }

    /** Admits the initiator as a neighbor. */
    record Welcome(List<Referral> referrals) implements Frame {
        public Welcome {
            referrals = FrameChecks.checkedReferrals(referrals);
        }

        @Override
        public FrameType type() {
            return FrameType.WELCOME;
        }
    }

    /** Refuses a link during the handshake. */
    record Refuse(Reason reason, String detail, List<Referral> referrals) implements Frame {
        public Refuse {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            referrals = FrameChecks.checkedReferrals(referrals);
        }

        @Override
        public FrameType type() {
            return FrameType.REFUSE;
        }
    }

    /** Closes an established link. */
    record Disconnect(Reason reason, String detail, List<Referral> referrals) implements Frame {
        public Disconnect {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            referrals = FrameChecks.checkedReferrals(referrals);
        }

        @Override
        public FrameType type() {
            return FrameType.DISCONNECT;
        }
    }

    /** Keepalive probe; the token comes back in the PONG. */
    record Ping(long token) implements Frame {
        @Override
        public FrameType type() {
            return FrameType.PING;
        }
    }

    /** Keepalive answer. */
    record Pong(long token) implements Frame {
        @Override
        public FrameType type() {
            return FrameType.PONG;
        }
    }

    /**
     * An application message.
     *
     * @param origin node id of the publisher
     * @param sequence the publisher's sequence number for this message, from 1
     * @param hops links this copy has crossed, counting the one it arrives on; 0 to {@link #MAX_HOPS}
     * @param hopLimit most links the message may cross from its origin; 0 means no limit
     * @param topic the topic it was published to
     * @param headers application headers
     * @param payload application bytes
     * @param signature the origin's signature over everything but {@code hops} (see {@code docs/security.md}); empty
     *        when the origin does not sign
     */
    record Data(long origin, long sequence, int hops, int hopLimit, String topic, Map<String, String> headers,
            byte[] payload, byte[] signature) implements Frame {
        public Data {
            FrameChecks.requireHops(hops, "hops");
            FrameChecks.requireHops(hopLimit, "hopLimit");
            Objects.requireNonNull(topic, "topic");
            headers = Map.copyOf(headers);
            Objects.requireNonNull(payload, "payload");
            Objects.requireNonNull(signature, "signature");
            if (signature.length > MAX_SIGNATURE_LENGTH) {
                throw new IllegalArgumentException("signature must be at most " + MAX_SIGNATURE_LENGTH
                        + " bytes, not " + signature.length);
            }
        }

        /** An unsigned message. */
        public Data(long origin, long sequence, int hops, int hopLimit, String topic, Map<String, String> headers,
                byte[] payload) {
            this(origin, sequence, hops, hopLimit, topic, headers, payload, NO_SIGNATURE);
        }

        @Override
        public FrameType type() {
            return FrameType.DATA;
        }

        /** Whether the origin signed this message, by a signature of its own or in a {@link Seal}. */
        public boolean signed() {
            return signature.length > 0;
        }

        /** Whether the origin signed this message in a {@link Seal}, by its digest. */
        public boolean sealed() {
            return signature.length == 1 && signature[0] == 0;
        }

        /**
         * The same message one link further along. A count already at {@link #MAX_HOPS} stays there: the wire has no
         * room for more, and a wrapped count would restart at 0 (found by fuzzing: a peer's DATA with 65535 hops).
         */
        public Data forwarded() {
            return new Data(origin, sequence, Math.min(hops + 1, MAX_HOPS), hopLimit, topic, headers, payload,
                    signature);
        }

        /**
         * Whether {@code next} can follow {@code first} as message {@code index} of a run in one DATA frame: the same
         * origin, hops, hop limit and topic, and the sequence number {@code index} after the first's, not past
         * 2^64 − 1 (sequence numbers are unsigned on the wire).
         */
        public static boolean continues(Data first, long index, Data next) {
            long sequence = first.sequence + index;
            return next.origin == first.origin && next.sequence == sequence
                    && Long.compareUnsigned(sequence, first.sequence) >= 0 && next.hops == first.hops
                    && next.hopLimit == first.hopLimit && next.topic.equals(first.topic);
        }
    }

    /**
     * Two or more messages of one origin with consecutive sequence numbers, the same hop count, hop limit and topic,
     * in one DATA frame: the topic and the fields they share are written once. Nodes send runs; the decoder hands the
     * protocol each message on its own.
     */
    record DataRun(List<Data> messages) implements Frame {
        public DataRun {
            messages = List.copyOf(messages);
            if (messages.size() < 2 || messages.size() > MAX_RUN) {
                throw new IllegalArgumentException("a run holds 2 to " + MAX_RUN + " messages, not "
                        + messages.size());
            }
            Data first = messages.get(0);
            for (int i = 1; i < messages.size(); i++) {
                if (!Data.continues(first, i, messages.get(i))) {
                    throw new IllegalArgumentException("message " + i + " of a run does not continue its first: same "
                            + "origin, hops, hop limit and topic, and the next sequence number, are required");
                }
            }
        }

        @Override
        public FrameType type() {
            return FrameType.DATA;
        }
    }

    /**
     * An origin's signature over a run of its consecutive messages: the SHA-256 digest of each message's signed
     * content (see {@code docs/security.md}), in sequence order from {@code first}, and one signature over them all —
     * or over a group of up to {@link #MAX_SEAL_GROUP} such runs sealed at once, each sent as a seal of its own that
     * carries the hashes of the others, so that each can be checked without them.
     *
     * @param origin the node id of the messages' origin
     * @param first the sequence number of the first message covered
     * @param digests {@code count} digests of {@link #DIGEST_LENGTH} bytes, one after another; 1 to
     *        {@link #MAX_SEALED} of them
     * @param index this seal's place in its group, from 0
     * @param others the hashes of the group's other seals, {@link #DIGEST_LENGTH} bytes each, in group order without
     *        this one's; empty for a seal of its own
     * @param signature the origin's signature over the group's content
     */
    record Seal(long origin, long first, byte[] digests, int index, byte[] others, byte[] signature)
            implements Frame {
        public Seal {
            Objects.requireNonNull(digests, "digests");
            Objects.requireNonNull(others, "others");
            Objects.requireNonNull(signature, "signature");
            if (origin == 0) {
                throw new IllegalArgumentException("a seal's origin must not be 0");
            }
            if (first < 1) {
                throw new IllegalArgumentException("a seal's first sequence number must be at least 1, not " + first);
            }
            if (digests.length == 0 || digests.length % DIGEST_LENGTH != 0
                    || digests.length / DIGEST_LENGTH > MAX_SEALED) {
                throw new IllegalArgumentException("a seal holds 1 to " + MAX_SEALED + " digests of " + DIGEST_LENGTH
                        + " bytes, not " + digests.length + " bytes");
            }
            if (others.length % DIGEST_LENGTH != 0 || others.length / DIGEST_LENGTH >= MAX_SEAL_GROUP) {
                throw new IllegalArgumentException("a seal's group holds 1 to " + MAX_SEAL_GROUP + " seals, so 0 to "
                        + (MAX_SEAL_GROUP - 1) + " hashes of the others, not " + others.length + " bytes");
            }
            if (index < 0 || index > others.length / DIGEST_LENGTH) {
                throw new IllegalArgumentException("a seal's place in a group of " + (others.length / DIGEST_LENGTH
                        + 1) + " must be 0 to " + others.length / DIGEST_LENGTH + ", not " + index);
            }
            if (signature.length == 0 || signature.length > MAX_SIGNATURE_LENGTH) {
                throw new IllegalArgumentException("a seal's signature must be 1 to " + MAX_SIGNATURE_LENGTH
                        + " bytes, not " + signature.length);
            }
        }

        /** A seal of its own, not one of a group. */
        public Seal(long origin, long first, byte[] digests, byte[] signature) {
            this(origin, first, digests, 0, new byte[0], signature);
        }

        /** How many seals its group has, this one included. */
        public int groupSize() {
            return others.length / DIGEST_LENGTH + 1;
        }

        /** How many messages it covers. */
        public int count() {
            return digests.length / DIGEST_LENGTH;
        }

        /** The sequence number of the last message it covers. */
        public long last() {
            return first + count() - 1;
        }

        /** Whether it covers message {@code sequence} of its origin. */
        public boolean covers(long sequence) {
            return sequence >= first && sequence <= last();
        }

        @Override
        public FrameType type() {
            return FrameType.SEAL;
        }
    }

    /**
     * An origin's credential: the public key (or the certificate holding it) that verifies the signatures of
     * {@code origin}'s messages. It belongs to the origin only when the origin's id is derived from it:
     * {@code origin} must equal the first 8 bytes of SHA-256("peermesh/v1 origin" || salt || public key); a receiver
     * checks that, and its trust policy, before it uses the key (see {@code docs/security.md}).
     *
     * @param origin the node id the key belongs to
     * @param salt {@link #SALT_LENGTH} random bytes the origin chose, so nodes sharing a key get different ids
     * @param kind {@link #PUBLIC_KEY} or {@link #CERTIFICATE}
     * @param encoded a DER X.509 SubjectPublicKeyInfo ({@link #PUBLIC_KEY}) or a DER X.509 certificate
     *        ({@link #CERTIFICATE}), 1 to {@link FrameLimits#MAX_CREDENTIAL_LENGTH} bytes
     */
    record OriginKey(long origin, byte[] salt, int kind, byte[] encoded) implements Frame {

        /** Length of the salt, in bytes. */
        public static final int SALT_LENGTH = 16;

        /** {@link #kind} of a bare public key (X.509 SubjectPublicKeyInfo, DER). */
        public static final int PUBLIC_KEY = 1;

        /** {@link #kind} of an X.509 certificate (DER) whose subject key is the origin's. */
        public static final int CERTIFICATE = 2;

        public OriginKey {
            FrameChecks.requireLength(salt, SALT_LENGTH, "salt");
            if (kind != PUBLIC_KEY && kind != CERTIFICATE) {
                throw new IllegalArgumentException("key kind must be " + PUBLIC_KEY + " (public key) or "
                        + CERTIFICATE + " (certificate), not " + kind);
            }
            Objects.requireNonNull(encoded, "encoded");
            if (encoded.length == 0 || encoded.length > FrameLimits.MAX_CREDENTIAL_LENGTH) {
                throw new IllegalArgumentException("encoded key must be 1 to " + FrameLimits.MAX_CREDENTIAL_LENGTH
                        + " bytes, not " + encoded.length);
            }
        }

        @Override
        public FrameType type() {
            return FrameType.ORIGIN_KEY;
        }

        /** Whether this is the same credential as {@code other}: same origin, salt, kind and bytes. */
        public boolean sameAs(@Nullable OriginKey other) {
            return other != null && origin == other.origin && kind == other.kind
                    && java.util.Arrays.equals(salt, other.salt) && java.util.Arrays.equals(encoded, other.encoded);
        }
    }

    /**
     * Announces messages the sender has delivered, so a receiver that lacks one can pull it: per origin, ranges of
     * consecutive sequence numbers, so an announcement batch costs one entry per origin rather than one per message.
     *
     * @param announcements the ranges, with the fewest hops at which the sender got a message of each
     */
    record IHave(List<Announcement> announcements) implements Frame {
        public IHave {
            announcements = List.copyOf(announcements);
            FrameChecks.requireAtMost(announcements.size(), MAX_MESSAGE_IDS, "announcements");
        }

        @Override
        public FrameType type() {
            return FrameType.IHAVE;
        }
    }

    /**
     * One range in an IHAVE: messages {@code first} to {@code last} (both included) of {@code origin}, and the fewest
     * hops any of them had travelled to reach the announcer.
     */
    record Announcement(long origin, long first, long last, int hops) {
        public Announcement {
            FrameChecks.requireHops(hops, "hops");
            if (first > last) {
                throw new IllegalArgumentException("an announced range must not end (" + last + ") before it starts ("
                        + first + ")");
            }
        }

        /** One message: the range {@code sequence} to {@code sequence}. */
        public Announcement(long origin, long sequence, int hops) {
            this(origin, sequence, sequence, hops);
        }
    }

    /** Asks for these messages and for eager pushes from now on. */
    record Graft(List<dev.peermesh.MessageId> ids) implements Frame {
        public Graft {
            ids = List.copyOf(ids);
            FrameChecks.requireAtMost(ids.size(), MAX_MESSAGE_IDS, "message ids");
        }

        @Override
        public FrameType type() {
            return FrameType.GRAFT;
        }
    }

    /**
     * Asks the receiver to send only announcements, not payloads, of these origins' messages from now on: the link
     * is off their broadcast trees. With no origin, the link is off the tree for every origin.
     */
    record Prune(List<Long> origins) implements Frame {
        public Prune {
            origins = List.copyOf(origins);
            FrameChecks.requireAtMost(origins.size(), MAX_MESSAGE_IDS, "origins");
        }

        /** The link is off the tree for every origin. */
        public Prune() {
            this(List.of());
        }

        @Override
        public FrameType type() {
            return FrameType.PRUNE;
        }
    }

    /**
     * Asks the receiver, a node these origins' messages come from, to hold them back: a link further down their
     * broadcast trees has more than its high-water mark waiting. The receiver holds its own publishes when it is one of
     * the origins, and passes the pause on towards the others. A pause lasts until a {@link Resume} or, unless
     * repeated, a lease of a few hundred milliseconds (see {@code docs/protocol.md}).
     *
     * @param hops how many links further the receiver may pass the pause on, 0 to 255
     */
    record Pause(int hops, List<Long> origins) implements Frame {
        public Pause {
            if (hops < 0 || hops > 255) {
                throw new IllegalArgumentException("A PAUSE may go on 0 to 255 hops, not " + hops);
            }
            origins = List.copyOf(origins);
            FrameChecks.requireBetween(origins.size(), 1, MAX_MESSAGE_IDS, "origins");
        }

        @Override
        public FrameType type() {
            return FrameType.PAUSE;
        }
    }

    /** Ends the sender's {@link Pause} of these origins. */
    record Resume(List<Long> origins) implements Frame {
        public Resume {
            origins = List.copyOf(origins);
            FrameChecks.requireBetween(origins.size(), 1, MAX_MESSAGE_IDS, "origins");
        }

        @Override
        public FrameType type() {
            return FrameType.RESUME;
        }
    }

    /**
     * Asks a neighbor for the messages its retention ring still holds, for a node that is catching up after it started
     * or rejoined: per rule, the newest {@code maxMessages} messages on topics matching its pattern and at most
     * {@code maxAgeMillis} old. A message is taken by the first rule its topic matches.
     */
    record CatchUp(List<CatchUpRule> rules) implements Frame {
        public CatchUp {
            rules = List.copyOf(rules);
            FrameChecks.requireBetween(rules.size(), 1, MAX_CATCH_UP_RULES, "catch-up rules");
        }

        @Override
        public FrameType type() {
            return FrameType.CATCH_UP;
        }
    }

    /**
     * One rule of a {@link CatchUp}.
     *
     * @param topics a topic, a prefix ending in {@code *}, or {@code *} ({@link dev.peermesh.TopicFilter})
     * @param maxAgeMillis how old a message may be, 1 to {@code 2^32 - 1} ms
     * @param maxMessages how many of the newest matching messages are asked for, 1 to {@code 2^31 - 1}
     */
    record CatchUpRule(String topics, long maxAgeMillis, int maxMessages) {
        public CatchUpRule {
            dev.peermesh.TopicFilter.of(topics);
            if (maxAgeMillis < 1 || maxAgeMillis > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("a catch-up max age is 1 to 4294967295 ms, not " + maxAgeMillis);
            }
            if (maxMessages < 1) {
                throw new IllegalArgumentException("a catch-up asks for at least 1 message, not " + maxMessages);
            }
        }
    }

    /**
     * A message from the sender's retention ring, in answer to a {@link CatchUp}: delivered by the receiver as a
     * replayed message, never forwarded.
     */
    record Replay(Data message) implements Frame {
        public Replay {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public FrameType type() {
            return FrameType.REPLAY;
        }
    }

    /**
     * A message for the receiver only ({@link dev.peermesh.MeshMessage#TARGET_HEADER} names it), sent on the link to
     * it: delivered there, never forwarded. The mesh carries a marker of it (the same id, no payload) in its place.
     */
    record Direct(Data message) implements Frame {
        public Direct {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public FrameType type() {
            return FrameType.DIRECT;
        }
    }

    /** Ends the answer to a {@link CatchUp}: {@code replayed} messages were sent. */
    record CaughtUp(long replayed) implements Frame {
        public CaughtUp {
            if (replayed < 0 || replayed > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("replayed is 0 to 4294967295, not " + replayed);
            }
        }

        @Override
        public FrameType type() {
            return FrameType.CAUGHT_UP;
        }
    }

    /** Offers a sample of the sender's views (itself included) for a sample of the receiver's passive view. */
    record Shuffle(List<Referral> peers) implements Frame {
        public Shuffle {
            peers = FrameChecks.checkedReferrals(peers);
        }

        @Override
        public FrameType type() {
            return FrameType.SHUFFLE;
        }
    }

    /** Answers a SHUFFLE with a sample of the receiver's passive view. */
    record ShuffleReply(List<Referral> peers) implements Frame {
        public ShuffleReply {
            peers = FrameChecks.checkedReferrals(peers);
        }

        @Override
        public FrameType type() {
            return FrameType.SHUFFLE_REPLY;
        }
    }

    /**
     * A join walk: {@code joiner} just joined; each node passes it on to a random neighbor until {@code ttl} runs
     * out, remembering the joiner on the way and linking to it at the end.
     */
    record ForwardJoin(Referral joiner, int ttl) implements Frame {
        public ForwardJoin {
            Objects.requireNonNull(joiner, "joiner");
            if (ttl < 0 || ttl > 255) {
                throw new IllegalArgumentException("ttl must be 0 to 255, not " + ttl);
            }
        }

        @Override
        public FrameType type() {
            return FrameType.FORWARD_JOIN;
        }
    }
}
