/**
 * Server-sent event streams to browsers: a bounded set of subscribers, each released when its stream ends.
 */
@NullMarked
package dev.peermesh.sample.stream;

import org.jspecify.annotations.NullMarked;
