package dev.peermesh;

import dev.peermesh.resolver.PeerRegistration;
import dev.peermesh.resolver.PeerResolver;
import dev.peermesh.resolver.PeerResolverException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node alone asks its resolver every maintenance tick; a resolver that keeps failing is logged once, then at most
 * once a minute with a count — not on every tick.
 */
class ResolverFailureLogTest {

    private final TestMesh mesh = new TestMesh("resolver-failure-log-test");

    private final LogLines log = new LogLines();

    @AfterEach
    void release() {
        mesh.close();
        log.close();
    }

    @Test
    void aResolverThatKeepsFailingIsLoggedOnceAMinute() {
        AtomicInteger asked = new AtomicInteger();
        PeerResolver unreachable = new PeerResolver() {
            @Override
            public void register(PeerRegistration registration) {
            }

            @Override
            public void refresh(PeerRegistration registration) {
            }

            @Override
            public void unregister(PeerRegistration registration) {
            }

            @Override
            public List<PeerAddress> resolve(String meshId, int maxAddresses) {
                asked.incrementAndGet();
                throw new PeerResolverException("resolver server unreachable");
            }
        };

        mesh.start(settings -> settings.maintenanceInterval(Duration.ofMillis(50)),
                builder -> builder.resolver(unreachable));

        await().until(() -> asked.get() >= 20);
        assertThat(log.lines().stream().filter(line -> line.contains("failed to resolve mesh"))).hasSize(1);
    }
}
