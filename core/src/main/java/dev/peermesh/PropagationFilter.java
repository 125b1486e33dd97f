package dev.peermesh;

import org.jspecify.annotations.Nullable;

/**
 * Decides, per message, whether it is delivered on this node and whether it travels on: for messages this node
 * publishes ({@link Origin#LOCAL}) and for messages that arrive from neighbors ({@link Origin#REMOTE}).
 *
 * <p>It runs on the node's protocol thread for every message, so it must be fast and must not block.
 *
 * <p>{@code builder.propagationFilter((message, origin) -> message.topic().startsWith("local.") ? Propagation.LOCAL
 * : Propagation.LOCAL_AND_REMOTE)}
 */
@FunctionalInterface
public interface PropagationFilter {

    /** Delivers and forwards everything. */
    PropagationFilter ALL = (message, origin) -> Propagation.LOCAL_AND_REMOTE;

    /** Where {@code message} goes from here; {@code null} counts as {@link Propagation#NONE}. */
    @Nullable Propagation decide(MeshMessage message, Origin origin);

    /** Where a message came from, seen from this node. */
    enum Origin {

        /** Published on this node. */
        LOCAL,
        /** Received from a neighbor. */
        REMOTE
    }
}
