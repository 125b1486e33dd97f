/**
 * Java DSL for the peermesh channel adapters.
 */
@NullMarked
package dev.peermesh.integration.dsl;

import org.jspecify.annotations.NullMarked;
