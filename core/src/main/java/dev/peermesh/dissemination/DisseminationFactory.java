package dev.peermesh.dissemination;

/**
 * Makes a node's {@link Dissemination} once the protocol can give it a {@link DisseminationSink}.
 *
 * <p>{@code DisseminationFactory flood = sink -> new Flooding(new DuplicateCache(10_000, 300), filter, sink);}
 */
@FunctionalInterface
public interface DisseminationFactory {

    /** A strategy that answers through {@code sink}. */
    Dissemination create(DisseminationSink sink);
}
