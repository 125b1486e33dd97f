/**
 * {@link dev.peermesh.autoconfigure.ResolverServerConnectionDetails} from a resolver-server container started by
 * Testcontainers ({@code @ServiceConnection}) or a service started by Boot's docker-compose support; each factory
 * lights up only when its library is on the class path.
 */
@NullMarked
package dev.peermesh.autoconfigure.connection;

import org.jspecify.annotations.NullMarked;
