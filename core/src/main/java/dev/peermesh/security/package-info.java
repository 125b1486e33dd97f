/**
 * Origin authentication: the keys nodes sign their messages with, the trust policy that decides whose keys are
 * accepted, and the verifier that checks every message before it is delivered or forwarded. {@code SigningKey} and
 * {@code TrustPolicy} are API (a node is built with them); the rest is internal.
 */
@NullMarked
package dev.peermesh.security;

import org.jspecify.annotations.NullMarked;
