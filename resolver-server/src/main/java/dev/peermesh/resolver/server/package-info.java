/**
 * The peermesh resolver server: a Spring Boot application where mesh nodes register their addresses with a lease
 * and ask for live peers of their mesh (the counterpart of WCF's CustomPeerResolverService).
 */
@NullMarked
package dev.peermesh.resolver.server;

import org.jspecify.annotations.NullMarked;
