package dev.peermesh.autoconfigure;

import dev.peermesh.PeerAddress;
import dev.peermesh.resolver.ChainedPeerResolver;
import dev.peermesh.resolver.PeerResolver;
import dev.peermesh.resolver.StaticPeerResolver;
import dev.peermesh.resolver.discovery.DiscoveryClientPeerResolver;
import dev.peermesh.resolver.discovery.DiscoveryClientPeerResolvers;
import dev.peermesh.resolver.dns.DnsPeerResolver;
import dev.peermesh.resolver.dns.DnsRecordType;
import dev.peermesh.resolver.dns.DnsSettings;
import dev.peermesh.resolver.http.HttpPeerResolver;
import dev.peermesh.resolver.multicast.MulticastPeerResolver;
import dev.peermesh.resolver.multicast.MulticastSettings;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;

import static dev.peermesh.autoconfigure.InvalidProperties.assertInvalidProperty;
import static org.assertj.core.api.Assertions.assertThat;

/** Specification of {@code peermesh.resolver.*}: which resolver the node gets, chained how, and bad settings. */
class PeermeshResolverAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PeermeshAutoConfiguration.class, SslAutoConfiguration.class))
            .withPropertyValues("peermesh.mesh-id=orders", "peermesh.bind-address=127.0.0.1");

    @Test
    void httpResolverTakesItsSettingsFromTheHttpGroup() {
        contextRunner.withPropertyValues("peermesh.resolver.type=http",
                "peermesh.resolver.http.url=http://resolver.example:7480", "peermesh.resolver.http.token=t0ken",
                "peermesh.resolver.http.request-timeout=2s", "peermesh.resolver.http.first-retry=200ms")
                .run(context -> {
                    HttpPeerResolver resolver = (HttpPeerResolver) context.getBean(PeerResolver.class);
                    assertThat(resolver.settings().url()).isEqualTo(URI.create("http://resolver.example:7480"));
                    assertThat(resolver.settings().token()).isEqualTo("t0ken");
                    assertThat(resolver.settings().requestTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(resolver.settings().firstRetry()).isEqualTo(Duration.ofMillis(200));
                    assertThat(resolver.settings().lastRetry()).isEqualTo(Duration.ofMinutes(1));
                });
    }

    @Test
    void httpResolverWithoutAnUrlIsRefusedNamingTheProperty() {
        contextRunner.withPropertyValues("peermesh.resolver.type=http")
                .run(context -> assertInvalidProperty(context, "peermesh.resolver.http.url")
                        .hasMessageContaining("http://resolver:7480"));
    }

    @Test
    void httpResolverWithAnUnknownSslBundleIsRefused() {
        contextRunner.withPropertyValues("peermesh.resolver.type=http", "peermesh.resolver.http.url=https://r:7480",
                "peermesh.resolver.http.ssl-bundle=missing")
                .run(context -> assertInvalidProperty(context, "peermesh.resolver.http.ssl-bundle", "missing")
                        .hasMessageContaining("spring.ssl.bundle.pem.missing"));
    }

    @Test
    void httpResolverWithANonHttpUrlIsRefused() {
        contextRunner.withPropertyValues("peermesh.resolver.type=http", "peermesh.resolver.http.url=resolver:7480")
                .run(context -> assertInvalidProperty(context, "peermesh.resolver.http.url")
                        .hasMessageContaining("resolver:7480").hasMessageContaining("http:// or https://"));
    }

    @Test
    void httpResolverWithRetriesTheWrongWayRoundIsRefusedNamingTheRetryProperty() {
        contextRunner.withPropertyValues("peermesh.resolver.type=http,static", "peermesh.resolver.http.url=http://r:1",
                "peermesh.resolver.http.first-retry=10s", "peermesh.resolver.http.last-retry=1s")
                .run(context -> assertInvalidProperty(context, "peermesh.resolver.http.last-retry")
                        .hasMessageContaining("first-retry"));
    }

    @Test
    void dnsResolverTakesItsNameAndUsesTheNodesOwnPortForAddressRecords() {
        contextRunner.withPropertyValues("peermesh.resolver.type=dns", "peermesh.port=7411",
                "peermesh.resolver.dns.name=orders", "peermesh.resolver.dns.servers=127.0.0.1:5353",
                "peermesh.resolver.dns.query-timeout=1s")
                .run(context -> {
                    DnsSettings settings = ((DnsPeerResolver) context.getBean(PeerResolver.class)).settings();
                    assertThat(settings.name()).isEqualTo("orders");
                    assertThat(settings.port()).isEqualTo(7411);
                    assertThat(settings.effectiveRecordType()).isEqualTo(DnsRecordType.A);
                    assertThat(settings.servers()).extracting(InetSocketAddress::getPort).containsExactly(5353);
                    assertThat(settings.queryTimeout()).isEqualTo(Duration.ofSeconds(1));
                });
    }

    @Test
    void dnsResolverWithoutANameIsRefusedNamingTheProperty() {
        contextRunner.withPropertyValues("peermesh.resolver.type=dns")
                .run(context -> assertInvalidProperty(context, "peermesh.resolver.dns.name")
                        .hasMessageContaining("_peermesh._tcp"));
    }

    @Test
    void multicastResolverJoinsTheConfiguredGroup() {
        contextRunner.withPropertyValues("peermesh.resolver.type=multicast",
                "peermesh.resolver.multicast.network-interface=lo", "peermesh.resolver.multicast.ttl=0",
                "peermesh.resolver.multicast.port=" + (20000 + new java.util.Random().nextInt(20000)),
                "peermesh.resolver.multicast.announce-interval=2s")
                .run(context -> {
                    MulticastSettings settings = ((MulticastPeerResolver) context.getBean(PeerResolver.class))
                            .settings();
                    assertThat(settings.networkInterface()).isEqualTo("lo");
                    assertThat(settings.announceInterval()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(settings.peerExpiry()).isEqualTo(Duration.ofSeconds(6));
                });
    }

    @Test
    void multicastResolverAuthenticatesItsDatagramsWithTheMeshPassword() {
        contextRunner.withPropertyValues("peermesh.resolver.type=multicast", "peermesh.password=Mesh-Pass-1",
                "peermesh.resolver.multicast.network-interface=lo", "peermesh.resolver.multicast.ttl=0",
                "peermesh.resolver.multicast.port=" + (20000 + new java.util.Random().nextInt(20000)))
                .run(context -> {
                    MulticastSettings settings = ((MulticastPeerResolver) context.getBean(PeerResolver.class))
                            .settings();
                    assertThat(settings.meshPassword()).isEqualTo("Mesh-Pass-1");
                    assertThat(settings.toString()).doesNotContain("Mesh-Pass-1");
                });
    }

    @Test
    void multicastResolverWithAnAddressThatIsNoGroupIsRefused() {
        contextRunner.withPropertyValues("peermesh.resolver.type=multicast",
                "peermesh.resolver.multicast.group=10.0.0.1")
                .run(context -> assertInvalidProperty(context, "peermesh.resolver.multicast.group"));
    }

    @Test
    void severalTypesMakeAChainInTheOrderGiven() {
        contextRunner.withPropertyValues("peermesh.resolver.type=http,static",
                "peermesh.resolver.http.url=http://resolver.example:7480",
                "peermesh.resolver.static.seeds=10.0.0.5:7400")
                .run(context -> {
                    ChainedPeerResolver chain = (ChainedPeerResolver) context.getBean(PeerResolver.class);
                    assertThat(chain.resolvers()).hasSize(2);
                    assertThat(chain.resolvers().get(0)).isInstanceOf(HttpPeerResolver.class);
                    assertThat(((StaticPeerResolver) chain.resolvers().get(1)).seeds())
                            .containsExactly(PeerAddress.parse("10.0.0.5:7400"));
                });
    }

    @Test
    void resolverServerConnectionDetailsComeFirstAndWinOverTheHttpProperties() {
        ResolverServerConnectionDetails container = new ResolverServerConnectionDetails() {
            @Override
            public String getUrl() {
                return "http://127.0.0.1:32768";
            }

            @Override
            public String getToken() {
                return "container-token";
            }
        };
        contextRunner.withBean(ResolverServerConnectionDetails.class, () -> container)
                .withPropertyValues("peermesh.resolver.static.seeds=10.0.0.5:7400")
                .run(context -> {
                    ChainedPeerResolver chain = (ChainedPeerResolver) context.getBean(PeerResolver.class);
                    HttpPeerResolver http = (HttpPeerResolver) chain.resolvers().get(0);
                    assertThat(http.settings().url()).isEqualTo(URI.create("http://127.0.0.1:32768"));
                    assertThat(http.settings().token()).isEqualTo("container-token");
                    assertThat(chain.resolvers().get(1)).isInstanceOf(StaticPeerResolver.class);
                });
        contextRunner.withBean(ResolverServerConnectionDetails.class, () -> container)
                .withPropertyValues("peermesh.resolver.type=static,http",
                        "peermesh.resolver.http.url=http://resolver.example:7480")
                .run(context -> {
                    ChainedPeerResolver chain = (ChainedPeerResolver) context.getBean(PeerResolver.class);
                    assertThat(chain.resolvers().get(0)).isInstanceOf(StaticPeerResolver.class);
                    assertThat(((HttpPeerResolver) chain.resolvers().get(1)).settings().url())
                            .isEqualTo(URI.create("http://127.0.0.1:32768"));
                });
    }

    @Test
    void aTypeNamedTwiceIsRefused() {
        contextRunner.withPropertyValues("peermesh.resolver.type=static,static")
                .run(context -> assertInvalidProperty(context, "peermesh.resolver.type")
                        .hasMessageContaining("named once"));
    }

    @Test
    void anUnknownTypeIsRefusedByBinding() {
        contextRunner.withPropertyValues("peermesh.resolver.type=pnrp")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("ResolverProperties.Type.pnrp"));
    }

    @Test
    void discoveryClientResolverFindsTheInstancesOfTheApplicationsOwnService() {
        contextRunner.withConfiguration(AutoConfigurations.of(SimpleDiscoveryClientAutoConfiguration.class,
                UtilAutoConfiguration.class))
                .withPropertyValues("spring.application.name=orders-service", "peermesh.port=7400",
                        "peermesh.resolver.type=discovery-client",
                        "spring.cloud.discovery.client.simple.instances.orders-service[0].uri=http://10.0.0.1:8080",
                        "spring.cloud.discovery.client.simple.instances.orders-service[1].uri=http://10.0.0.2:8080",
                        "spring.cloud.discovery.client.simple.instances.orders-service[1].metadata.peermesh-port=7500",
                        "spring.cloud.discovery.client.simple.instances.orders-service[2].uri=http://10.0.0.3:8080",
                        "spring.cloud.discovery.client.simple.instances.orders-service[2].metadata.peermesh-mesh-id=x",
                        "spring.cloud.discovery.client.simple.instances.billing[0].uri=http://10.0.0.4:8080")
                .run(context -> {
                    PeerResolver resolver = context.getBean(PeerResolver.class);
                    assertThat(resolver).isInstanceOf(DiscoveryClientPeerResolver.class);
                    assertThat(resolver.resolve("orders", 10)).containsExactlyInAnyOrder(
                            PeerAddress.parse("10.0.0.1:7400"), PeerAddress.parse("10.0.0.2:7500"));
                });
    }

    @Test
    void discoveryClientResolverCanListSeveralServicesAndADefaultPort() {
        contextRunner.withConfiguration(AutoConfigurations.of(SimpleDiscoveryClientAutoConfiguration.class,
                UtilAutoConfiguration.class))
                .withPropertyValues("peermesh.resolver.type=discovery-client",
                        "peermesh.resolver.discovery-client.service-ids=orders,billing",
                        "peermesh.resolver.discovery-client.port=7600",
                        "spring.cloud.discovery.client.simple.instances.orders[0].uri=http://10.0.0.1:8080",
                        "spring.cloud.discovery.client.simple.instances.billing[0].uri=http://10.0.0.4:8080")
                .run(context -> assertThat(context.getBean(PeerResolver.class).resolve("orders", 1))
                        .hasSize(1).allSatisfy(address -> assertThat(address.port()).isEqualTo(7600)));
    }

    @Test
    void discoveryClientResolverWithoutADiscoveryClientBeanIsRefused() {
        contextRunner.withPropertyValues("peermesh.resolver.type=discovery-client", "spring.application.name=o")
                .run(context -> assertInvalidProperty(context, "peermesh.resolver.discovery-client")
                        .hasMessageContaining("no DiscoveryClient bean"));
    }

    @Test
    void withoutSpringCloudTheDefaultResolverStillWorksAndDiscoveryClientIsRefused() {
        ApplicationContextRunner withoutCloud = contextRunner
                .withClassLoader(new FilteredClassLoader(DiscoveryClient.class));
        withoutCloud.run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(DiscoveryClientPeerResolvers.class)
                .getBean(PeerResolver.class).isInstanceOf(StaticPeerResolver.class));
        withoutCloud.withPropertyValues("peermesh.resolver.type=discovery-client")
                .run(context -> assertInvalidProperty(context, "peermesh.resolver.type", "discovery-client")
                        .hasMessageContaining("Spring Cloud Commons is not on the classpath"));
    }
}
