/**
 * The resolver server's HTTP API v1 ({@code docs/resolver-api.md}): controller, request and answer bodies, input
 * rules, body size limit and RFC 9457 problem answers.
 */
@NullMarked
package dev.peermesh.resolver.server.api;

import org.jspecify.annotations.NullMarked;
