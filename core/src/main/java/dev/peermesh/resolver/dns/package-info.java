/**
 * Finding a mesh through DNS: A/AAAA records of a service name (docker-compose, Kubernetes headless services) or
 * SRV records, with the platform owning registration.
 */
@NullMarked
package dev.peermesh.resolver.dns;

import org.jspecify.annotations.NullMarked;
