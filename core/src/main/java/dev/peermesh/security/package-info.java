/**
 * Origin authentication: the keys nodes sign their messages with, the trust policy that decides whose keys are
 * accepted, and the verifier that checks every message before it is delivered or forwarded.
 */
@NullMarked
package dev.peermesh.security;

import org.jspecify.annotations.NullMarked;
