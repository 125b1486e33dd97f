/**
 * The mesh node's changes as Spring application events — online and offline, neighbors up and down, messages lost —
 * so {@code @EventListener} methods hear them ({@link dev.peermesh.event.MeshEventPublisher}).
 */
@NullMarked
package dev.peermesh.event;

import org.jspecify.annotations.NullMarked;
