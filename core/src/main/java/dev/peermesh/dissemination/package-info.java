/**
 * How messages spread through the mesh: the dissemination state machines and the duplicate cache they share.
 */
package dev.peermesh.dissemination;
