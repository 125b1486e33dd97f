/**
 * Spring Integration messages out to the mesh.
 */
@NullMarked
package dev.peermesh.integration.outbound;

import org.jspecify.annotations.NullMarked;
