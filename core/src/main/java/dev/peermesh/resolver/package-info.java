/**
 * Finding a mesh: the resolver SPI that maps a mesh id to a few peers, and the plain-Java resolvers. API: users
 * implement {@code PeerResolver} or configure the resolvers here.
 */
@NullMarked
package dev.peermesh.resolver;

import org.jspecify.annotations.NullMarked;
