package dev.peermesh.resolver.server.api;

import dev.peermesh.resolver.server.ResolverClient;
import dev.peermesh.resolver.server.ResolverClient.Answer;
import dev.peermesh.resolver.server.observe.MeterNames;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** A client over its request rate gets 429 with Retry-After, counted; health stays open. Over real HTTP. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "peermesh.resolver-server.auth.tokens=" + ResolverClient.TOKEN,
        "peermesh.resolver-server.rate-limit.requests-per-second=1",
        "peermesh.resolver-server.rate-limit.burst=3" })
class RateLimitTest {

    @LocalServerPort
    private int port;

    @Autowired
    private MeterRegistry registry;

    @Test
    void clientOverItsRateIsAnswered429WithRetryAfterAndCounted() {
        ResolverClient client = ResolverClient.onPort(port);
        Answer limited = null;
        int served = 0;
        // Burst 3 and one more a second: 50 requests in a row meet the limit unless each took over a second.
        for (int i = 0; i < 50 && limited == null; i++) {
            Answer answer = client.send("GET", "/v1/meshes/rate/peers", null);
            if (answer.status() == 429) {
                limited = answer;
            }
            else {
                assertThat(answer.status()).isEqualTo(200);
                served++;
            }
        }

        assertThat(served).isGreaterThanOrEqualTo(3);
        assertThat(limited).isNotNull();
        assertThat(limited.retryAfter()).isEqualTo("1");
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.detail()).contains("peermesh.resolver-server.rate-limit");
        assertThat(client.withToken(null).send("GET", "/actuator/health", null).status())
                .as("health is exempt").isEqualTo(200);
        assertThat(ResolverClient.onPort(port).withToken(null).send("GET", "/actuator/health/liveness", null)
                .status()).isEqualTo(200);
        // the rejection counter, read without going through the limiter (the client is still limited)
        assertThat(rejectedCount()).isGreaterThanOrEqualTo(1);
    }

    private double rejectedCount() {
        return registry.get(MeterNames.REJECTED).tag(MeterNames.REASON, "rate-limit").counter().count();
    }
}
