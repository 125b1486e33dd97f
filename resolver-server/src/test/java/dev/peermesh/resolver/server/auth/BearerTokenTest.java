package dev.peermesh.resolver.server.auth;

import dev.peermesh.NodeId;
import dev.peermesh.resolver.server.ResolverClient;
import dev.peermesh.resolver.server.ResolverClient.Answer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "peermesh.resolver-server.auth.tokens=" + ResolverClient.TOKEN + "," + ResolverClient.SECOND_TOKEN,
        "peermesh.resolver-server.max-resolve=20" })
class BearerTokenTest {

    @LocalServerPort
    private int port;

    private ResolverClient client;

    @BeforeEach
    void connect() {
        client = ResolverClient.onPort(port);
    }

    @Test
    void aRequestWithoutTokenIs401WithABearerChallenge() {
        Answer answer = client.withToken(null).register("auth", NodeId.format(1), "10.0.0.7:7400");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.authenticate()).startsWith("Bearer");
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.detail()).contains("no bearer token").contains("Authorization: Bearer");
    }

    @Test
    void aWrongTokenIs401AndRegistersNothing() {
        Answer answer = client.withToken("wrong-token-0123456789abcdef").register("auth-wrong", NodeId.format(1),
                "10.0.0.7:7400");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.authenticate()).contains("invalid_token");
        assertThat(answer.detail()).contains("not one of peermesh.resolver-server.auth.tokens");
        assertThat(client.resolveNodeIds("auth-wrong", 10)).isEmpty();
    }

    @Test
    void eitherConfiguredTokenIsAccepted() {
        assertThat(client.register("auth-ok", NodeId.format(1), "10.0.0.7:7400").status()).isEqualTo(201);
        assertThat(client.withToken(ResolverClient.SECOND_TOKEN).resolveNodeIds("auth-ok", 10))
                .containsExactly(NodeId.format(1));
    }

    @Test
    void healthNeedsNoTokenButMetricsDo() {
        ResolverClient anonymous = client.withToken(null);

        Answer health = anonymous.send("GET", "/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        assertThat(anonymous.send("GET", "/actuator/health/liveness", null).status()).isEqualTo(200);
        assertThat(anonymous.send("GET", "/actuator/metrics", null).status()).isEqualTo(401);
        assertThat(anonymous.send("GET", "/actuator/prometheus", null).status()).isEqualTo(401);
        assertThat(client.send("GET", "/actuator/metrics", null).status()).isEqualTo(200);
    }
}
