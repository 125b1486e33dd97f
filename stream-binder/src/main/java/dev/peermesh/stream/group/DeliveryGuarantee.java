package dev.peermesh.stream.group;

/**
 * What a consumer group promises while its membership changes (a member joins, leaves or dies). While every member
 * knows the same members, each message is handled by exactly one of them either way.
 */
public enum DeliveryGuarantee {

    /**
     * No message is missed: the messages of a member that left or went silent are handled by their next owner, so a
     * message the member handled just before it died may be handled twice (those within the takeover window; a
     * member that leaves gracefully names what it handled, and those are skipped).
     */
    AT_LEAST_ONCE,

    /**
     * No message is handled twice: the messages of a member that went silent are not taken over; each is counted and
     * logged as skipped instead.
     */
    AT_MOST_ONCE
}
