/**
 * The sans-IO protocol of one node, driven by events and answering with actions: {@link
 * dev.peermesh.protocol.MeshProtocol} routes each event to the part it concerns — {@code Handshakes} (links in their
 * handshake), {@code NeighborFrames} (frames of established links), {@code Links} and the {@code ActiveView} (how
 * links join and leave the neighbor set), {@code MembershipLinks} (the links as {@code membership}'s {@code Repair}
 * and {@code Overlay} see them), {@code Signatures} (origin keys), {@code ProtocolSink} (the dissemination's way
 * out) and {@code ProtocolCounters}.
 * It may depend on the API package, {@code protocol.link}, {@code membership}, {@code dissemination}, {@code security},
 * {@code wire} and {@code log}; never on the runtime, the transport or Netty, and it reads no clock, starts no thread
 * and opens no socket, so the simulator runs it unchanged. Internal: no compatibility promise beyond the types the
 * runtime and the simulator use ({@code MeshProtocol}, {@code Actions}, {@code MeshEvent}, {@code Timer},
 * {@code NeighborLimit}).
 */
@NullMarked
package dev.peermesh.protocol;

import org.jspecify.annotations.NullMarked;
