package dev.peermesh;

/**
 * Identifies a message mesh-wide: the node that published it and that node's sequence number for it.
 *
 * @param origin node id of the publisher
 * @param sequence the publisher's sequence number, from 1
 */
public record MessageId(long origin, long sequence) {

    @Override
    public String toString() {
        return NodeId.format(origin) + "/" + sequence;
    }
}
