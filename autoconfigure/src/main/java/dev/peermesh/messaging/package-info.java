/**
 * Sending from Spring code: {@link dev.peermesh.messaging.PeermeshTemplate} publishes, sends to one node and asks
 * the mesh, converting payloads as the Spring Integration adapters do.
 */
@NullMarked
package dev.peermesh.messaging;

import org.jspecify.annotations.NullMarked;
