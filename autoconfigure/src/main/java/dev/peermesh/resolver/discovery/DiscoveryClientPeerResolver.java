package dev.peermesh.resolver.discovery;

import dev.peermesh.PeerAddress;
import dev.peermesh.log.PeerText;
import dev.peermesh.resolver.LookupPeerResolver;
import dev.peermesh.resolver.PeerResolverException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds peers among the instances a Spring Cloud {@link DiscoveryClient} knows (Consul, Eureka, Kubernetes, or the
 * simple properties-based client). Registration is left to Spring Cloud's own service registration: an instance
 * tells its mesh port, and optionally its mesh id, in its metadata.
 *
 * <p>{@code new DiscoveryClientPeerResolver(discoveryClient,
 *         DiscoveryClientPeerResolver.Settings.of(List.of("orders"), 7400))}
 */
public final class DiscoveryClientPeerResolver implements LookupPeerResolver {

    private static final Logger log = LoggerFactory.getLogger(DiscoveryClientPeerResolver.class);

    private final DiscoveryClient discoveryClient;
    private final Settings settings;

    public DiscoveryClientPeerResolver(DiscoveryClient discoveryClient, Settings settings) {
        this.discoveryClient = Objects.requireNonNull(discoveryClient, "discoveryClient");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The settings it runs with. */
    public Settings settings() {
        return settings;
    }




    @Override
    public List<PeerAddress> resolve(String meshId, int maxAddresses) {
        List<PeerAddress> found = new ArrayList<>();
        for (String serviceId : settings.serviceIds()) {
            List<ServiceInstance> instances;
            try {
                instances = discoveryClient.getInstances(serviceId);
            }
            catch (RuntimeException ex) {
                throw new PeerResolverException("Discovery client " + discoveryClient.description()
                        + " could not list instances of '" + serviceId + "': " + ex.getMessage(), ex);
            }
            for (ServiceInstance instance : instances) {
                PeerAddress address = address(instance, meshId);
                if (address != null) {
                    found.add(address);
                }
            }
        }
        return LookupPeerResolver.sample(found, maxAddresses);
    }

    /** The services asked, as the isolation warning shows them. */
    @Override
    public String toString() {
        return "DiscoveryClientPeerResolver" + settings.serviceIds();
    }

    /** The instance's mesh address, or null when it belongs to another mesh or says nothing usable. */
    private @Nullable PeerAddress address(ServiceInstance instance, String meshId) {
        Map<String, String> metadata = instance.getMetadata() == null ? Map.of() : instance.getMetadata();
        String instanceMesh = metadata.get(settings.meshIdMetadataKey());
        if (instanceMesh != null && !instanceMesh.equals(meshId)) {
            return null;
        }
        String port = metadata.get(settings.portMetadataKey());
        if (port == null && settings.port() == 0) {
            log.debug("Skipping instance {} of '{}': no {} metadata and no default mesh port",
                    PeerText.escape(instance.getInstanceId()), instance.getServiceId(), settings.portMetadataKey());
            return null;
        }
        try {
            return new PeerAddress(instance.getHost(), port == null ? settings.port() : Integer.parseInt(port.trim()));
        }
        catch (IllegalArgumentException | NullPointerException ex) {
            // The registry's answer is peer text: escaped, like every resolver answer that reaches a log line.
            log.debug("Skipping instance {} of '{}': {} (metadata {}='{}')", PeerText.escape(instance.getInstanceId()),
                    instance.getServiceId(), PeerText.escape(ex.getMessage()), settings.portMetadataKey(),
                    PeerText.escape(port));
            return null;
        }
    }

    /**
     * Which instances are mesh members and where they listen.
     *
     * @param serviceIds the services whose instances are members
     * @param port the mesh port of instances whose metadata does not give one; 0 to skip such instances
     * @param portMetadataKey the metadata key holding an instance's own mesh port
     * @param meshIdMetadataKey the metadata key naming an instance's mesh; other meshes' instances are skipped
     */
    public record Settings(List<String> serviceIds, int port, String portMetadataKey, String meshIdMetadataKey) {

        public Settings {
            serviceIds = List.copyOf(serviceIds);
            if (serviceIds.isEmpty() || serviceIds.stream().anyMatch(id -> id == null || id.isBlank())) {
                throw new IllegalArgumentException("resolver.discovery-client.service-ids must name at least one "
                        + "service, with no blank names (or set spring.application.name)");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("resolver.discovery-client.port must be 0 to 65535 but was " + port);
            }
            Objects.requireNonNull(portMetadataKey, "portMetadataKey");
            Objects.requireNonNull(meshIdMetadataKey, "meshIdMetadataKey");
        }

        /** Instances of these services, on this port unless their {@code peermesh-port} metadata says otherwise. */
        public static Settings of(List<String> serviceIds, int port) {
            return new Settings(serviceIds, port, "peermesh-port", "peermesh-mesh-id");
        }
    }
}
