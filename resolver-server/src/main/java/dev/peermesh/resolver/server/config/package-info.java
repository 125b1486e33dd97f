/**
 * The resolver server's properties, the choice of registration store and the start-up checks.
 */
@NullMarked
package dev.peermesh.resolver.server.config;

import org.jspecify.annotations.NullMarked;
