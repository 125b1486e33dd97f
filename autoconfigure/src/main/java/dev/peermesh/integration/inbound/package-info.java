/**
 * Mesh messages into Spring Integration channels.
 */
@NullMarked
package dev.peermesh.integration.inbound;

import org.jspecify.annotations.NullMarked;
