/**
 * Logging of what peers can influence: at most one line per reason per interval ({@code RateLimitedLog}), and
 * peer-supplied text escaped and capped before it is written ({@code PeerText}). Internal: no compatibility promise.
 */
@NullMarked
package dev.peermesh.log;

import org.jspecify.annotations.NullMarked;
