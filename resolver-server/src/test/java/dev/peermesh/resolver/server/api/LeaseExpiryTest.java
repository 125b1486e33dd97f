package dev.peermesh.resolver.server.api;

import java.time.Duration;

import dev.peermesh.NodeId;
import dev.peermesh.resolver.server.ResolverClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With a one-second lease, a node that stops refreshing drops out of answers; one that refreshes stays. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "peermesh.resolver-server.auth.tokens=" + ResolverClient.TOKEN, "peermesh.resolver-server.lease=1s",
        "peermesh.resolver-server.sweep-interval=200ms" })
class LeaseExpiryTest {

    @LocalServerPort
    private int port;

    @Test
    void anUnrefreshedRegistrationDisappearsWhileARefreshedOneStays() {
        ResolverClient client = ResolverClient.onPort(port);
        String silent = NodeId.format(1);
        String alive = NodeId.format(2);
        assertThat(client.register("expiry", silent, "10.0.0.1:7400").json().get("leaseSeconds").asLong())
                .isEqualTo(1);
        String aliveId = client.register("expiry", alive, "10.0.0.2:7400").registrationId();
        assertThat(client.resolveNodeIds("expiry", 10)).containsExactlyInAnyOrder(silent, alive);

        // Both leases started together: once the silent one is gone, the other would be too without its refreshes.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertThat(client.refresh("expiry", aliveId, alive, "10.0.0.2:7400").status()).isEqualTo(200);
            return !client.resolveNodeIds("expiry", 10).contains(silent);
        });

        assertThat(client.resolveNodeIds("expiry", 10)).containsExactly(alive);
    }
}
