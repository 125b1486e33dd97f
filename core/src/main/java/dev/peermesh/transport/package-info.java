/**
 * The Netty transport that drives a node's protocol: listening, dialling, the link pipeline and its event loop.
 * Internal: no compatibility promise.
 */
@NullMarked
package dev.peermesh.transport;

import org.jspecify.annotations.NullMarked;
