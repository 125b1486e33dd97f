/**
 * Mesh messages into Spring Integration channels.
 */
package dev.peermesh.integration.inbound;
