/**
 * Spring Integration messages out to the mesh.
 */
package dev.peermesh.integration.outbound;
