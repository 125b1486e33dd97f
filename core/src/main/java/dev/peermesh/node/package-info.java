/**
 * The runtime of a node — internal, no compatibility promise: the threads and queues that drive the sans-IO
 * protocol with real I/O. {@link dev.peermesh.node.NodeRuntime} starts and stops them under the
 * {@link dev.peermesh.MeshNode} API; {@code NodeDriver} is the only driver of the protocol (link events in, actions
 * out); {@code PublishQueue} hands publishes to the event loop, {@code Deliveries} hands messages and events to the
 * delivery thread. May depend on every other package of the core; none of the sans-IO packages (protocol,
 * membership, dissemination, wire) depends on it.
 */
package dev.peermesh.node;
