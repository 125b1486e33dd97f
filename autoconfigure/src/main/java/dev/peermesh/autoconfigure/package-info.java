/**
 * Spring Boot auto-configuration of a peermesh node, its properties and its Spring Integration channels.
 */
@NullMarked
package dev.peermesh.autoconfigure;

import org.jspecify.annotations.NullMarked;
