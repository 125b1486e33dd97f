package dev.peermesh.resolver.multicast;

/**
 * What a {@link MulticastPeerResolver} has seen on the group since it started.
 *
 * <p>{@code resolver.counters().malformed()}
 *
 * @param received datagrams received, of every kind
 * @param malformed datagrams ignored because they were broken: truncated, too long, bad lengths or text
 * @param foreign datagrams ignored because they were another protocol's or another version's
 * @param unauthenticated datagrams ignored by a resolver with the mesh password because they carried no MAC or a
 *        wrong one, or were of a mesh it does not use
 * @param dropped announcements not kept because a cache bound was reached, or peers pushed out by newer ones
 * @param queriesAnswered queries this resolver answered for its registered nodes
 * @param sendFailures datagrams that could not be sent
 */
public record MulticastCounters(long received, long malformed, long foreign, long unauthenticated, long dropped,
        long queriesAnswered, long sendFailures) {
}
