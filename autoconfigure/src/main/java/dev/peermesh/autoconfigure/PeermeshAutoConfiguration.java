package dev.peermesh.autoconfigure;

import dev.peermesh.MeshNode;
import dev.peermesh.MeshTls;
import dev.peermesh.PropagationFilter;
import dev.peermesh.actuate.PeermeshEndpoint;
import dev.peermesh.actuate.PeermeshHealthIndicator;
import dev.peermesh.actuate.PeermeshMetrics;
import dev.peermesh.event.MeshEventPublisher;
import dev.peermesh.resolver.PeerResolver;
import dev.peermesh.resolver.discovery.DiscoveryClientPeerResolvers;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration of the application's mesh node: its settings from {@code peermesh.*}, its resolver, TLS from a
 * Spring Boot SSL bundle, its lifecycle and its changes as application events; plus its health indicator, actuator
 * endpoint and meters when those libraries are present.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "peermesh.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PeermeshProperties.class)
public final class PeermeshAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PeerResolver peermeshResolver(PeermeshProperties properties, ObjectProvider<SslBundles> sslBundles,
            ObjectProvider<DiscoveryClientPeerResolvers> discovery, Environment environment,
            ObjectProvider<ResolverServerConnectionDetails> connection) {
        return new PeerResolverFactory(properties, sslBundles::getIfAvailable, discovery::getIfAvailable,
                environment.getProperty("spring.application.name"), connection.getIfUnique()).create();
    }

    @Bean
    @ConditionalOnMissingBean
    MeshNode meshNode(PeermeshProperties properties, PeerResolver resolver, ObjectProvider<SslBundles> sslBundles,
            ObjectProvider<PropagationFilter> propagationFilter, ObjectProvider<MeshSettingsCustomizer> settings,
            ObjectProvider<MeshNodeCustomizer> customizers, ResourceLoader resourceLoader) {
        MeshNode.Builder builder = MeshNode.builder(MeshSettingsFactory.create(properties,
                settings.orderedStream().toList())).resolver(resolver);
        propagationFilter.ifAvailable(builder::propagationFilter);
        String bundle = properties.getSsl().getBundle();
        if (bundle != null && !bundle.isBlank()) {
            builder.tls(tls(bundle, sslBundles.getIfAvailable()));
        }
        new OriginSignatures(properties, sslBundles::getIfAvailable, resourceLoader).applyTo(builder);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    MeshNodeLifecycle meshNodeLifecycle(MeshNode meshNode) {
        return new MeshNodeLifecycle(meshNode);
    }

    @Bean
    @ConditionalOnMissingBean
    MeshEventPublisher peermeshEventPublisher(MeshNode meshNode, ApplicationEventPublisher events) {
        return new MeshEventPublisher(meshNode, events);
    }

    private static MeshTls tls(String bundleName, @Nullable SslBundles bundles) {
        if (bundles == null) {
            throw new InvalidConfigurationPropertyValueException("peermesh.ssl.bundle", bundleName,
                    "no SSL bundles are configured; define spring.ssl.bundle.pem." + bundleName + " or "
                            + "spring.ssl.bundle.jks." + bundleName);
        }
        try {
            SslBundle bundle = bundles.getBundle(bundleName);
            return new MeshTls(bundle.getManagers().getKeyManagerFactory(),
                    bundle.getManagers().getTrustManagerFactory());
        }
        catch (NoSuchSslBundleException ex) {
            throw new InvalidConfigurationPropertyValueException("peermesh.ssl.bundle", bundleName,
                    "there is no SSL bundle of that name; define spring.ssl.bundle.pem." + bundleName + " or "
                            + "spring.ssl.bundle.jks." + bundleName);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(DiscoveryClient.class)
    static class DiscoveryClientConfiguration {

        @Bean
        @ConditionalOnMissingBean
        DiscoveryClientPeerResolvers peermeshDiscoveryClientResolvers(ObjectProvider<DiscoveryClient> clients) {
            return new DiscoveryClientPeerResolvers(clients);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("peermesh")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "peermeshHealthIndicator")
        PeermeshHealthIndicator peermeshHealthIndicator(MeshNode meshNode, PeermeshProperties properties) {
            return new PeermeshHealthIndicator(meshNode, properties.getHealth().isRequireNeighbors());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    @ConditionalOnAvailableEndpoint(PeermeshEndpoint.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        PeermeshEndpoint peermeshEndpoint(MeshNode meshNode) {
            return new PeermeshEndpoint(meshNode);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        PeermeshMetrics peermeshMetrics(MeshNode meshNode) {
            return new PeermeshMetrics(meshNode);
        }
    }
}
