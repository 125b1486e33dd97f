/**
 * Peers found through Spring Cloud's {@code DiscoveryClient}, so Consul, Eureka and Kubernetes registries serve as
 * mesh resolvers.
 */
@NullMarked
package dev.peermesh.resolver.discovery;

import org.jspecify.annotations.NullMarked;
