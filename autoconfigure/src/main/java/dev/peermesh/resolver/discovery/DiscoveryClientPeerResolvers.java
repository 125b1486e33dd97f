package dev.peermesh.resolver.discovery;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * Makes {@link DiscoveryClientPeerResolver}s from the application's DiscoveryClient bean, looked up only when a
 * resolver is made — so the auto-configuration needs no ordering against Spring Cloud's.
 *
 * <p>{@code resolvers.create(DiscoveryClientPeerResolver.Settings.of(List.of("orders"), 7400))}
 */
public final class DiscoveryClientPeerResolvers {

    private final ObjectProvider<DiscoveryClient> discoveryClients;

    public DiscoveryClientPeerResolvers(ObjectProvider<DiscoveryClient> discoveryClients) {
        this.discoveryClients = discoveryClients;
    }

    /**
     * A resolver over the application's (primary) DiscoveryClient.
     *
     * @throws IllegalStateException when the application has no DiscoveryClient bean
     */
    public DiscoveryClientPeerResolver create(DiscoveryClientPeerResolver.Settings settings) {
        DiscoveryClient client = discoveryClients.getIfAvailable();
        if (client == null) {
            throw new IllegalStateException("there is no DiscoveryClient bean; add a Spring Cloud discovery starter "
                    + "(Consul, Eureka, Kubernetes) or spring.cloud.discovery.client.simple.instances");
        }
        return new DiscoveryClientPeerResolver(client, settings);
    }
}
