/**
 * HyParView membership, by peer id: who a node knows and may dial (the {@code PassiveView} and the {@code Cooldown} of
 * peers that failed), how it finds and replaces neighbors ({@code Repair}) and how it keeps its passive view fresh
 * with shuffles and join walks ({@code Overlay}). It sees the node's links only through the {@code Neighborhood}
 * interface, which the protocol implements; it never holds a link. Sans-IO: it may depend on the API package and
 * {@code wire} only, not on {@code protocol}, the runtime or the transport. Internal: no compatibility promise.
 */
@NullMarked
package dev.peermesh.membership;

import org.jspecify.annotations.NullMarked;
