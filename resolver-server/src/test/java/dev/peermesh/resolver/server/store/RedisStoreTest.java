package dev.peermesh.resolver.server.store;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.peermesh.NodeId;
import dev.peermesh.resolver.server.RedisServer;
import dev.peermesh.resolver.server.ResolverClient;
import dev.peermesh.resolver.server.ResolverClient.Answer;
import dev.peermesh.resolver.server.ResolverServerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code store=redis}: two servers on one real Redis serve one mesh together; limits hold across them; key TTLs
 * remove registrations of silent nodes even when no server sweeps.
 */
class RedisStoreTest {

    private static final List<ConfigurableApplicationContext> servers = new ArrayList<>();

    private static RedisServer redis;

    private static ResolverClient a;

    private static ResolverClient b;

    private static ResolverClient shortLease;

    @BeforeAll
    static void startRedisAndServers() throws Exception {
        redis = RedisServer.start();
        a = start("--peermesh.resolver-server.max-registrations-per-mesh=2",
                "--peermesh.resolver-server.max-meshes=3");
        b = start("--peermesh.resolver-server.max-registrations-per-mesh=2",
                "--peermesh.resolver-server.max-meshes=3");
        shortLease = start("--peermesh.resolver-server.lease=1s", "--peermesh.resolver-server.sweep-interval=1h",
                "--peermesh.resolver-server.owner-retention=2s");
    }

    @AfterAll
    static void stopServersAndRedis() throws Exception {
        servers.forEach(ConfigurableApplicationContext::close);
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void emptyRedis() throws Exception {
        assertThat(redis.command("FLUSHALL")).isEqualTo("+OK");
    }

    @Test
    void aNodeIdWhoseRegistrationWasUnregisteredIsTakenAgainOnlyByItsOwner() {
        String id = a.register("owned-after", node(3), "10.0.0.3:7400").registrationId();
        assertThat(a.unregister("owned-after", id).status()).isEqualTo(204);

        assertThat(b.withSecret("another-clients-secret-0123456789").register("owned-after", node(3), "10.6.6.6:7400")
                .status()).isEqualTo(403);
        assertThat(b.register("owned-after", node(3), "10.0.0.3:7400").status()).isEqualTo(201);
    }

    @Test
    void onlyTheClientThatRegisteredANodeReplacesItThroughEitherServer() {
        assertThat(a.register("owned", node(1), "10.0.0.1:7400").status()).isEqualTo(201);

        assertThat(b.withSecret("another-clients-secret-0123456789").register("owned", node(1), "10.6.6.6:7400")
                .status()).isEqualTo(403);
        assertThat(b.withSecret(null).register("owned", node(1), "10.6.6.6:7400").status()).isEqualTo(403);
        assertThat(b.register("owned", node(1), "10.0.0.9:7400").status()).as("the same client, the other server")
                .isEqualTo(201);
        assertThat(a.withSecret(null).register("owned", node(2), "10.0.0.2:7400").status()).isEqualTo(201);
        assertThat(a.register("owned", node(2), "10.6.6.6:7400").status()).as("made without a secret")
                .isEqualTo(403);
    }

    @Test
    void aRegistrationOnOneServerIsResolvedOnTheOther() {
        Answer registered = a.register("shared", node(1), "10.0.0.1:7400");

        assertThat(registered.status()).isEqualTo(201);
        JsonNode peers = b.resolve("shared", 10).json().get("peers");
        assertThat(peers.size()).isEqualTo(1);
        assertThat(peers.get(0).get("nodeId").asString()).isEqualTo(node(1));
        assertThat(peers.get(0).get("addresses").get(0).asString()).isEqualTo("10.0.0.1:7400");
        assertThat(b.refresh("shared", registered.registrationId(), node(1), "10.0.0.2:7400").status())
                .isEqualTo(200);
        assertThat(b.refresh("shared", registered.registrationId(), node(2), "10.0.0.2:7400").status())
                .isEqualTo(409);
    }

    @Test
    void unregisteringOnOneServerRemovesTheRegistrationForTheOther() {
        String id = a.register("shared", node(1), "10.0.0.1:7400").registrationId();

        assertThat(b.unregister("shared", id).status()).isEqualTo(204);
        assertThat(b.unregister("shared", id).status()).isEqualTo(204);

        assertThat(a.resolveNodeIds("shared", 10)).isEmpty();
        assertThat(a.refresh("shared", id, node(1), "10.0.0.1:7400").status()).isEqualTo(404);
    }

    @Test
    void reRegisteringOnTheOtherServerReplacesTheNodesRegistration() {
        String first = a.register("shared", node(1), "10.0.0.1:7400").registrationId();
        String second = b.register("shared", node(1), "10.0.0.9:7400").registrationId();

        assertThat(second).isNotEqualTo(first);
        assertThat(a.resolve("shared", 10).json().get("peers").size()).isEqualTo(1);
        assertThat(a.refresh("shared", first, node(1), "10.0.0.1:7400").status()).isEqualTo(404);
    }

    @Test
    void limitsHoldAcrossServers() {
        assertThat(a.register("full", node(1), "10.0.0.1:7400").status()).isEqualTo(201);
        assertThat(b.register("full", node(2), "10.0.0.2:7400").status()).isEqualTo(201);
        Answer third = a.register("full", node(3), "10.0.0.3:7400");
        assertThat(third.status()).isEqualTo(409);
        assertThat(third.detail()).contains("max-registrations-per-mesh");

        assertThat(b.register("second", node(1), "10.0.0.1:7400").status()).isEqualTo(201);
        assertThat(a.register("third", node(1), "10.0.0.1:7400").status()).isEqualTo(201);
        Answer fourth = b.register("fourth", node(1), "10.0.0.1:7400");
        assertThat(fourth.status()).isEqualTo(409);
        assertThat(fourth.detail()).contains("max-meshes");
    }

    @Test
    void resolveDrawsDistinctPeersUpToMax() {
        for (int i = 1; i <= 2; i++) {
            a.register("sample", node(i), "10.0.0.1:" + (7400 + i));
        }

        assertThat(b.resolveNodeIds("sample", 1)).hasSize(1);
        assertThat(b.resolveNodeIds("sample", 10)).containsExactlyInAnyOrder(node(1), node(2));
    }

    @Test
    void keyTtlsRemoveASilentNodesRegistrationWithoutAnySweep() throws Exception {
        Answer registered = shortLease.register("silent", node(1), "10.0.0.1:7400");
        assertThat(registered.status()).isEqualTo(201);
        assertThat(redis.command("DBSIZE")).as("registration, node key, owner key, two sorted sets").isEqualTo(":5");

        // No server is asked anything: Redis alone drops the registration, its node key and both sorted sets, and
        // the owner key once the owner retention (2 s here) has passed too.
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.command("DBSIZE").equals(":1"));
        assertThat(shortLease.resolveNodeIds("silent", 10)).isEmpty();
        assertThat(shortLease.withSecret("another-clients-secret-0123456789").register("silent", node(1),
                "10.6.6.6:7400").status()).as("the lapsed node id, still its owner's").isEqualTo(403);
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.command("DBSIZE").equals(":0"));
    }

    @Test
    void healthReportsRedisAndTheStoreUp() {
        JsonNode health = a.send("GET", "/actuator/health", null).json();

        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("redis").get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("registrationStore").get("status").asString()).isEqualTo("UP");
    }

    @Test
    void anUnreachableRedisIsAnswered503AndHealthIsDown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ConfigurableApplicationContext server = new SpringApplicationBuilder(ResolverServerApplication.class).run(
                "--server.port=0", "--peermesh.resolver-server.store=redis", "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + closedPort, "--spring.data.redis.timeout=2s",
                "--spring.data.redis.connect-timeout=2s",
                "--peermesh.resolver-server.auth.tokens=" + ResolverClient.TOKEN);
        try {
            ResolverClient client = ResolverClient.onPort(
                    Integer.parseInt(server.getEnvironment().getProperty("local.server.port")));

            Answer answer = client.register("down", node(1), "10.0.0.1:7400");

            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.detail()).contains("store is unreachable").contains("try again");
            Answer health = client.send("GET", "/actuator/health", null);
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("components").get("registrationStore").get("status").asString())
                    .isEqualTo("DOWN");
        }
        finally {
            server.close();
        }
    }

    private static ResolverClient start(String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--peermesh.resolver-server.store=redis",
                "--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redis.port(),
                "--peermesh.resolver-server.auth.tokens=" + ResolverClient.TOKEN));
        args.addAll(List.of(extra));
        ConfigurableApplicationContext server = new SpringApplicationBuilder(ResolverServerApplication.class)
                .run(args.toArray(String[]::new));
        servers.add(server);
        return ResolverClient.onPort(Integer.parseInt(server.getEnvironment().getProperty("local.server.port")));
    }

    private static String node(long id) {
        return NodeId.format(id);
    }
}
