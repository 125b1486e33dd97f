/**
 * Where registrations live: the {@link dev.peermesh.resolver.server.store.RegistrationStore} contract and its
 * in-memory and Redis implementations.
 */
@NullMarked
package dev.peermesh.resolver.server.store;

import org.jspecify.annotations.NullMarked;
