/**
 * Spring Integration support for mesh messages: header names and payload conversion.
 */
@NullMarked
package dev.peermesh.integration;

import org.jspecify.annotations.NullMarked;
