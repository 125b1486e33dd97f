/**
 * The Netty transport that drives a node's protocol: listening, dialling, the link pipeline and its event loop.
 */
package dev.peermesh.transport;
