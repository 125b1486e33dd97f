/**
 * Logging helpers: a log that a peer cannot flood.
 */
package dev.peermesh.logging;
