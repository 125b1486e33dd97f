/**
 * The public API of a mesh node: build, start and stop a {@link dev.peermesh.MeshNode}, publish, subscribe, watch
 * its state.
 */
@NullMarked
package dev.peermesh;

import org.jspecify.annotations.NullMarked;
