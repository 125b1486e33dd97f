/**
 * Wire protocol version 1: frame types, their binary layout, limits, and the Netty decoder and encoder.
 */
@NullMarked
package dev.peermesh.wire;

import org.jspecify.annotations.NullMarked;
