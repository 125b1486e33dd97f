/**
 * Java DSL for the peermesh channel adapters.
 */
package dev.peermesh.integration.dsl;
