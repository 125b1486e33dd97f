/**
 * The HTTP edges of the API: the event stream endpoint, problem answers for bad requests and the request body limit.
 */
@NullMarked
package dev.peermesh.sample.api;

import org.jspecify.annotations.NullMarked;
