/**
 * Observability of a mesh node for Spring Boot: health contributor, actuator endpoint and Micrometer meters.
 */
package dev.peermesh.actuate;
