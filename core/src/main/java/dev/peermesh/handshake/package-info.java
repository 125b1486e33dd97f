/**
 * Mesh admission: the key derived from the mesh password and the challenge-response proofs of the link handshake.
 */
package dev.peermesh.handshake;
