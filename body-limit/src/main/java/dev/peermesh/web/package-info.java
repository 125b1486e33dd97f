/**
 * The request body limit of peermesh's HTTP applications (the resolver server and the sample app).
 */
@NullMarked
package dev.peermesh.web;

import org.jspecify.annotations.NullMarked;
