package dev.peermesh.autoconfigure;

import dev.peermesh.InvalidSettingException;
import dev.peermesh.PeerAddress;
import dev.peermesh.resolver.ChainedPeerResolver;
import dev.peermesh.resolver.PeerResolver;
import dev.peermesh.resolver.StaticPeerResolver;
import dev.peermesh.resolver.discovery.DiscoveryClientPeerResolver;
import dev.peermesh.resolver.dns.DnsPeerResolver;
import dev.peermesh.resolver.dns.DnsSettings;
import dev.peermesh.resolver.multicast.MulticastPeerResolver;
import dev.peermesh.resolver.multicast.MulticastSettings;
import dev.peermesh.resolver.discovery.DiscoveryClientPeerResolvers;
import dev.peermesh.resolver.http.HttpPeerResolver;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;

/**
 * Makes the resolvers {@code peermesh.resolver.type} names, each from its own group of properties, chained in the
 * order given. Every bad value is reported with the property that holds it.
 */
final class PeerResolverFactory {

    private final PeermeshProperties properties;
    private final ResolverProperties resolver;
    private final Supplier<@Nullable SslBundles> sslBundles;
    private final Supplier<@Nullable DiscoveryClientPeerResolvers> discovery;
    private final @Nullable String applicationName;
    private final @Nullable ResolverServerConnectionDetails connection;

    PeerResolverFactory(PeermeshProperties properties, Supplier<@Nullable SslBundles> sslBundles,
            Supplier<@Nullable DiscoveryClientPeerResolvers> discovery, @Nullable String applicationName) {
        this(properties, sslBundles, discovery, applicationName, null);
    }

    /**
     * A factory that takes the resolver server's URL and token from {@code connection} when one is given (a
     * container or compose service), and then always uses the http resolver: first unless the types name it.
     */
    PeerResolverFactory(PeermeshProperties properties, Supplier<@Nullable SslBundles> sslBundles,
            Supplier<@Nullable DiscoveryClientPeerResolvers> discovery, @Nullable String applicationName,
            @Nullable ResolverServerConnectionDetails connection) {
        this.properties = properties;
        this.resolver = properties.getResolver();
        this.sslBundles = sslBundles;
        this.discovery = discovery;
        this.applicationName = applicationName;
        this.connection = connection;
    }

    PeerResolver create() {
        List<ResolverProperties.Type> types = resolver.getType();
        if (connection != null && types != null && !types.contains(ResolverProperties.Type.HTTP)) {
            List<ResolverProperties.Type> withHttp = new ArrayList<>(types.size() + 1);
            withHttp.add(ResolverProperties.Type.HTTP);
            withHttp.addAll(types);
            types = withHttp;
        }
        if (types == null || types.isEmpty()) {
            throw new InvalidConfigurationPropertyValueException("peermesh.resolver.type", "",
                    "name at least one resolver: static, http, dns, multicast or discovery-client");
        }
        if (new HashSet<>(types).size() < types.size()) {
            throw new InvalidConfigurationPropertyValueException("peermesh.resolver.type", types,
                    "each resolver may be named once; remove the repeated one");
        }
        List<PeerResolver> resolvers = new ArrayList<>(types.size());
        try {
            for (ResolverProperties.Type type : types) {
                resolvers.add(create(type));
            }
        }
        catch (RuntimeException ex) {
            // the ones made before the bad one hold threads and sockets
            resolvers.forEach(PeerResolver::close);
            throw ex;
        }
        return resolvers.size() == 1 ? resolvers.get(0) : new ChainedPeerResolver(resolvers);
    }

    private PeerResolver create(ResolverProperties.Type type) {
        switch (type) {
            case STATIC:
                return staticSeeds();
            case HTTP:
                return http();
            case DNS:
                return dns();
            case MULTICAST:
                return multicast();
            case DISCOVERY_CLIENT:
                return discoveryClient();
            default:
                throw new IllegalStateException("Unknown resolver type " + type);
        }
    }

    private StaticPeerResolver staticSeeds() {
        List<PeerAddress> seeds = new ArrayList<>();
        List<String> configured = resolver.getStatic().getSeeds();
        for (int i = 0; i < configured.size(); i++) {
            try {
                seeds.add(PeerAddress.parse(configured.get(i)));
            }
            catch (IllegalArgumentException ex) {
                throw new InvalidConfigurationPropertyValueException("peermesh.resolver.static.seeds[" + i + "]",
                        configured.get(i), ex.getMessage());
            }
        }
        return new StaticPeerResolver(seeds);
    }

    private HttpPeerResolver http() {
        ResolverProperties.Http http = resolver.getHttp();
        String given = connection != null ? connection.getUrl() : http.getUrl();
        String token = connection != null ? connection.getToken() : http.getToken();
        if (given == null || given.isBlank()) {
            throw new InvalidConfigurationPropertyValueException("peermesh.resolver.http.url", given,
                    "the http resolver needs the resolver server's URL, for example http://resolver:7480");
        }
        URI url;
        try {
            url = new URI(given.trim());
        }
        catch (URISyntaxException ex) {
            throw new InvalidConfigurationPropertyValueException("peermesh.resolver.http.url", given,
                    "not a URL (" + ex.getReason() + "); give, for example, http://resolver:7480");
        }
        HttpPeerResolver.Settings settings = engine(() -> {
            HttpPeerResolver.Settings configured = HttpPeerResolver.Settings.of(url)
                    .withTimeouts(http.getConnectTimeout(), http.getRequestTimeout())
                    .withRetries(http.getFirstRetry(), http.getLastRetry());
            return token == null || token.isEmpty() ? configured : configured.withToken(token);
        });
        String bundle = http.getSslBundle();
        if (bundle != null && !bundle.isBlank()) {
            settings = settings.withSslContext(sslContext(bundle));
        }
        return HttpPeerResolver.create(settings);
    }

    private javax.net.ssl.SSLContext sslContext(String bundle) {
        SslBundles bundles = sslBundles.get();
        try {
            if (bundles == null) {
                throw new NoSuchSslBundleException(bundle, "no SSL bundles are configured");
            }
            return bundles.getBundle(bundle).createSslContext();
        }
        catch (NoSuchSslBundleException ex) {
            throw new InvalidConfigurationPropertyValueException("peermesh.resolver.http.ssl-bundle", bundle,
                    "there is no SSL bundle of that name; define spring.ssl.bundle.pem." + bundle);
        }
    }

    private DnsPeerResolver dns() {
        ResolverProperties.Dns dns = resolver.getDns();
        int port = dns.getPort() != 0 ? dns.getPort()
                : properties.getPort() != 0 ? properties.getPort() : DnsSettings.DEFAULT_PORT;
        DnsSettings settings = engine(() -> DnsSettings.builder(dns.getName()).port(port)
                .recordType(dns.getRecordType()).servers(dns.getServers()).searchDomains(dns.getSearchDomains())
                .queryTimeout(dns.getQueryTimeout()).resolveTimeout(dns.getResolveTimeout()).build());
        return new DnsPeerResolver(settings);
    }

    /** The mesh password, which also authenticates multicast datagrams; {@code null} for an open mesh. */
    private @Nullable String meshPassword() {
        String password = properties.getPassword();
        return password == null || password.isEmpty() ? null : password;
    }

    private MulticastPeerResolver multicast() {
        ResolverProperties.Multicast multicast = resolver.getMulticast();
        MulticastSettings settings = engine(() -> MulticastSettings.builder().group(multicast.getGroup())
                .port(multicast.getPort()).networkInterface(multicast.getNetworkInterface()).ttl(multicast.getTtl())
                .announceInterval(multicast.getAnnounceInterval()).queryTimeout(multicast.getQueryTimeout())
                .peerExpiry(multicast.getPeerExpiry()).maxPeersPerMesh(multicast.getMaxPeersPerMesh())
                .maxMeshes(multicast.getMaxMeshes()).meshPassword(meshPassword()).build());
        try {
            return new MulticastPeerResolver(settings);
        }
        catch (RuntimeException ex) {
            throw new InvalidConfigurationPropertyValueException("peermesh.resolver.multicast.network-interface",
                    multicast.getNetworkInterface(), "could not join multicast group " + multicast.getGroup() + ":"
                            + multicast.getPort() + " (" + ex.getMessage() + "); name an interface that is up and "
                            + "supports multicast, or choose another resolver");
        }
    }

    /** Builds engine settings, reporting the engine's refusal as the property that holds the value. */
    private static <T> T engine(Supplier<T> build) {
        try {
            return build.get();
        }
        catch (InvalidSettingException ex) {
            throw new InvalidConfigurationPropertyValueException("peermesh." + ex.setting(), ex.value(), ex.reason());
        }
    }

    private DiscoveryClientPeerResolver discoveryClient() {
        ResolverProperties.DiscoveryClient config = resolver.getDiscoveryClient();
        DiscoveryClientPeerResolvers resolvers = discovery.get();
        if (resolvers == null) {
            throw new InvalidConfigurationPropertyValueException("peermesh.resolver.type", "discovery-client",
                    "Spring Cloud Commons is not on the classpath; add a Spring Cloud discovery starter "
                            + "(Consul, Eureka, Kubernetes) or org.springframework.cloud:spring-cloud-commons");
        }
        List<String> serviceIds = config.getServiceIds().isEmpty() && applicationName != null
                ? List.of(applicationName) : config.getServiceIds();
        int port = config.getPort() != 0 ? config.getPort() : properties.getPort();
        try {
            return resolvers.create(new DiscoveryClientPeerResolver.Settings(serviceIds, port,
                    config.getPortMetadataKey(), config.getMeshIdMetadataKey()));
        }
        catch (IllegalArgumentException | IllegalStateException ex) {
            throw new InvalidConfigurationPropertyValueException("peermesh.resolver.discovery-client",
                    serviceIds, ex.getMessage());
        }
    }
}
