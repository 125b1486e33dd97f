/**
 * How messages spread through the mesh: the dissemination state machines and the duplicate cache they share.
 */
@NullMarked
package dev.peermesh.dissemination;

import org.jspecify.annotations.NullMarked;
