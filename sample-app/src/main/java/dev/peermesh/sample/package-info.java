/**
 * The peermesh sample application: a chat and topic publish/subscribe service over a mesh, with a web page showing
 * the messages, this node's neighbors and the whole mesh.
 */
@NullMarked
package dev.peermesh.sample;

import org.jspecify.annotations.NullMarked;
