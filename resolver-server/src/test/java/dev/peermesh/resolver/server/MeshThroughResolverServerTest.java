package dev.peermesh.resolver.server;

import dev.peermesh.MeshNode;
import dev.peermesh.MeshSettings;
import dev.peermesh.PeerAddress;
import dev.peermesh.resolver.PeerRegistration;
import dev.peermesh.resolver.PeerResolverException;
import dev.peermesh.resolver.http.HttpPeerResolver;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Real mesh nodes that find each other through a real resolver server and nothing else: {@link HttpPeerResolver}
 * against {@link ResolverServerApplication} over HTTP, with leases short enough to watch them run out.
 */
class MeshThroughResolverServerTest {

    private static final String TOKEN = "mesh-resolver-token-1";

    private final List<ConfigurableApplicationContext> servers = new ArrayList<>();
    private final List<MeshNode> nodes = new ArrayList<>();
    private final List<HttpPeerResolver> resolvers = new ArrayList<>();

    @AfterEach
    void stopAll() {
        nodes.forEach(MeshNode::abort);
        resolvers.forEach(HttpPeerResolver::close);
        servers.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void sixNodesFormOneMeshThroughTheResolverServerAlone() {
        URI server = startServer(0, Duration.ofMinutes(10));
        List<List<String>> delivered = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            MeshNode node = startNode(server);
            List<String> texts = new CopyOnWriteArrayList<>();
            node.subscribe("news", message -> texts.add(message.text()));
            delivered.add(texts);
        }
        await().until(() -> nodes.stream().allMatch(node -> node.state().online()));
        assertThat(resolverFor(server).resolve("found", 10)).hasSize(6)
                .containsExactlyInAnyOrderElementsOf(nodes.stream().map(MeshNode::address).toList());

        nodes.get(5).publish("news", "through the resolver".getBytes(StandardCharsets.UTF_8), Map.of());

        for (List<String> texts : delivered.subList(0, 5)) {
            await().until(() -> texts.size() == 1);
            assertThat(texts).containsExactly("through the resolver");
        }
    }

    @Test
    void aCrashedNodeIsNoLongerResolvedOnceItsLeaseRunsOutWhileLiveNodesStay() {
        URI server = startServer(0, Duration.ofSeconds(2));
        MeshNode survivor = startNode(server);
        MeshNode crashed = startNode(server);
        HttpPeerResolver observer = resolverFor(server);
        await().until(() -> observer.resolve("found", 10).size() == 2);

        crashed.abort();   // like a crash: no unregistration, and its resolver stops renewing the lease

        await().atMost(Duration.ofSeconds(10)).until(() -> observer.resolve("found", 10).size() == 1);
        assertThat(observer.resolve("found", 10)).containsExactly(survivor.address());
        // the survivor's lease, 2 s long, was renewed all along
        assertThat(observer.resolve("found", 10)).as("still there after more than one lease")
                .containsExactly(survivor.address());
    }

    @Test
    void aNodeThatStopsGracefullyIsUnregisteredAtOnce() {
        URI server = startServer(0, Duration.ofMinutes(10));
        startNode(server);
        MeshNode leaving = startNode(server);
        HttpPeerResolver observer = resolverFor(server);
        await().until(() -> observer.resolve("found", 10).size() == 2);

        leaving.stop();

        assertThat(observer.resolve("found", 10)).doesNotContain(leaving.address()).hasSize(1);
    }

    @Test
    void aNodeStartedBeforeItsResolverServerRegistersOnceTheServerIsUp() throws IOException {
        int port = freePort();
        URI server = URI.create("http://127.0.0.1:" + port);
        MeshNode early = startNode(server);
        HttpPeerResolver observer = resolverFor(server);

        startServer(port, Duration.ofMinutes(10));

        await().atMost(Duration.ofSeconds(10)).until(() -> observer.resolve("found", 10).contains(early.address()));
    }

    @Test
    void aServerThatLostItsRegistrationsGetsTheNodeBackAtTheNextRenewal() throws IOException {
        int port = freePort();
        URI server = URI.create("http://127.0.0.1:" + port);
        startServer(port, Duration.ofSeconds(3));
        MeshNode node = startNode(server);
        HttpPeerResolver observer = resolverFor(server);
        await().until(() -> observer.resolve("found", 10).contains(node.address()));

        servers.remove(0).close();   // the in-memory store goes with it
        startServer(port, Duration.ofSeconds(3));
        assertThat(observer.resolve("found", 10)).isEmpty();

        await().atMost(Duration.ofSeconds(10)).until(() -> observer.resolve("found", 10).contains(node.address()));
    }

    @Test
    void twoServersSharingOneRedisServeOneMesh() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Map<String, Object> shared = Map.of("peermesh.resolver-server.store", "redis",
                    "spring.data.redis.host", "127.0.0.1", "spring.data.redis.port", redis.port(),
                    "spring.data.redis.timeout", "3s");
            URI east = startServer(0, Duration.ofMinutes(10), shared);
            URI west = startServer(0, Duration.ofMinutes(10), shared);
            List<String> heard = new CopyOnWriteArrayList<>();
            MeshNode publisher = startNode(east);
            for (int i = 1; i < 4; i++) {
                startNode(i % 2 == 0 ? east : west).subscribe("news", message -> heard.add(message.text()));
            }
            await().until(() -> nodes.stream().allMatch(node -> node.state().online()));

            publisher.publish("news", "east to west".getBytes(StandardCharsets.UTF_8), Map.of());

            await().until(() -> heard.size() == 3);
            assertThat(heard).containsOnly("east to west");
            assertThat(resolverFor(west).resolve("found", 10)).hasSize(4);
            nodes.forEach(MeshNode::abort);
        }
    }

    @Test
    void anotherClientHoldingATokenCannotTakeANodesRegistrationOver() {
        URI server = startServer(0, Duration.ofMinutes(10));
        HttpPeerResolver owner = resolverFor(server);
        HttpPeerResolver intruder = resolverFor(server);
        long nodeId = 0x5f1c0e2a9b7d4c31L;
        owner.register(new PeerRegistration("owned", nodeId, new PeerAddress("10.0.0.7", 7400)));

        assertThatThrownBy(() -> intruder.register(new PeerRegistration("owned", nodeId,
                new PeerAddress("10.6.6.6", 7400)))).isInstanceOf(PeerResolverException.class)
                .hasMessageContaining("HTTP 403").hasMessageContaining("registered already");

        assertThat(owner.resolve("owned", 10)).containsExactly(new PeerAddress("10.0.0.7", 7400));
        owner.register(new PeerRegistration("owned", nodeId, new PeerAddress("10.0.0.8", 7400)));
        assertThat(owner.resolve("owned", 10)).as("the owner replaces its own")
                .containsExactly(new PeerAddress("10.0.0.8", 7400));
    }

    @Test
    void aWrongTokenIsReportedWithWhatToCheck() {
        URI server = startServer(0, Duration.ofMinutes(10));
        HttpPeerResolver wrong = HttpPeerResolver.create(HttpPeerResolver.Settings.of(server).withToken("wrong"));
        resolvers.add(wrong);

        assertThatThrownBy(() -> wrong.resolve("found", 3)).isInstanceOf(PeerResolverException.class)
                .hasMessageContaining("HTTP 401").hasMessageContaining("peermesh.resolver.http.token");
    }

    private URI startServer(int port, Duration lease) {
        return startServer(port, lease, Map.of());
    }

    private URI startServer(int port, Duration lease, Map<String, Object> more) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "server.port", port,
                "server.address", "127.0.0.1",
                "spring.main.banner-mode", "off",
                "peermesh.resolver-server.auth.tokens", TOKEN,
                "peermesh.resolver-server.lease", lease.toMillis() + "ms",
                "peermesh.resolver-server.sweep-interval", "200ms"));
        properties.putAll(more);
        // as arguments: they must win over the application's own application.yml (server.port=7480)
        String[] arguments = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ResolverServerApplication.class)
                .run(arguments);
        servers.add(context);
        return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
    }

    private HttpPeerResolver resolverFor(URI server) {
        HttpPeerResolver resolver = HttpPeerResolver.create(HttpPeerResolver.Settings.of(server).withToken(TOKEN)
                .withRetries(Duration.ofMillis(100), Duration.ofMillis(500)));
        resolvers.add(resolver);
        return resolver;
    }

    private MeshNode startNode(URI server) {
        MeshSettings settings = MeshSettings.builder("found")
                .bindAddress("127.0.0.1")
                .password("Found-Mesh-Pass-1")
                .keepalive(Duration.ofMillis(500), 3)
                .maintenanceInterval(Duration.ofMillis(250))
                .leaveTimeout(Duration.ofSeconds(1))
                .build();
        HttpPeerResolver resolver = resolverFor(server);
        MeshNode node = MeshNode.builder(settings).resolver(resolver).build().start();
        nodes.add(node);
        return node;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
