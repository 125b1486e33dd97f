/**
 * Wire protocol version 1: frame types, their binary layout, limits, and the Netty decoder and encoder.
 */
package dev.peermesh.wire;
