/**
 * Who may use the resolver server: bearer tokens, client certificates (mutual TLS), and the start-up check that
 * one of them is configured.
 */
@NullMarked
package dev.peermesh.resolver.server.auth;

import org.jspecify.annotations.NullMarked;
