/**
 * What operators see: the request timer, the live-registration and mesh gauges, and the store's health.
 */
@NullMarked
package dev.peermesh.resolver.server.observe;

import org.jspecify.annotations.NullMarked;
