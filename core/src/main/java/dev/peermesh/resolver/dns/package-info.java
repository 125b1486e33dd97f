/**
 * Finding a mesh through DNS: A/AAAA records of a service name (docker-compose, Kubernetes headless services) or
 * SRV records, with the platform owning registration.
 */
package dev.peermesh.resolver.dns;
