/**
 * The sans-IO protocol of one node: link handshakes, the neighbour set, keepalive and repair, driven by events and
 * answering with actions.
 */
package dev.peermesh.protocol;
