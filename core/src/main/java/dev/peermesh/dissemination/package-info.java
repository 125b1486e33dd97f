/**
 * How messages spread through the mesh: the dissemination state machines ({@code Plumtree}, {@code Flooding}) and the
 * caches they share. Sans-IO like the protocol that drives it. Internal: no compatibility promise.
 */
@NullMarked
package dev.peermesh.dissemination;

import org.jspecify.annotations.NullMarked;
