/**
 * Wire protocol version 4 (docs/protocol.md): frame types, their binary layout, and the Netty decoder; the format is
 * the compatibility promise, these classes are internal.
 */
@NullMarked
package dev.peermesh.wire;

import org.jspecify.annotations.NullMarked;
