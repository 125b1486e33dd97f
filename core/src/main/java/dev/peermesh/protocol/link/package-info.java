/**
 * One link's part of the protocol: the {@code Link} and its stages, the handshake's checks and proofs
 * ({@code LinkHandshake}, with the {@code MeshKey} derived from the mesh password), who may link ({@code Admission}:
 * pending handshakes, duplicate links, a full node), {@code Keepalive}, the per-neighbor {@code TokenBucket} budgets
 * and the table of open links. Sans-IO like the protocol above it: it may depend on the API package, {@code wire}
 * and {@code log} only — not on {@code dev.peermesh.protocol}, which drives it — and it decides and records,
 * leaving every action to the protocol. Internal: no compatibility promise.
 */
@NullMarked
package dev.peermesh.protocol.link;

import org.jspecify.annotations.NullMarked;
