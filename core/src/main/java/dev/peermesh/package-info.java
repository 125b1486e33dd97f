/**
 * The public API of a mesh node: build, start and stop a {@link dev.peermesh.MeshNode}, publish, subscribe, watch
 * its state.
 */
package dev.peermesh;
