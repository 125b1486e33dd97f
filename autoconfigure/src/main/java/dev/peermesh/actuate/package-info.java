/**
 * Observability of a mesh node for Spring Boot: health contributor, actuator endpoint and Micrometer meters.
 */
@NullMarked
package dev.peermesh.actuate;

import org.jspecify.annotations.NullMarked;
