/**
 * Finding a mesh: the resolver SPI that maps a mesh id to a few peers, and the plain-Java resolvers.
 */
@NullMarked
package dev.peermesh.resolver;

import org.jspecify.annotations.NullMarked;
