/**
 * Finding a mesh: the resolver SPI that maps a mesh id to a few peers, and the plain-Java resolvers.
 */
package dev.peermesh.resolver;
