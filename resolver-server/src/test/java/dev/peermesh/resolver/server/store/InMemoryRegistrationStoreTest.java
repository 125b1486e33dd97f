package dev.peermesh.resolver.server.store;

import dev.peermesh.resolver.server.MutableClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import dev.peermesh.NodeId;
import dev.peermesh.resolver.server.store.RegistrationRejectedException.Reason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class InMemoryRegistrationStoreTest {

    private static final Duration LEASE = Duration.ofMinutes(10);

    /** The owner every registration here is made with (the API passes the hash of the client's secret). */
    private static final String OWNER = "0f".repeat(32);

    private final MutableClock clock = new MutableClock();

    private final InMemoryRegistrationStore store = new InMemoryRegistrationStore(clock, LEASE, 50, 20);

    @Test
    void aLiveRegistrationIsReplacedOnlyByItsOwner() {
        store.register("orders", node(1), List.of("10.0.0.1:7400"), OWNER);

        assertThatThrownBy(() -> store.register("orders", node(1), List.of("10.6.6.6:7400"), "1e".repeat(32)))
                .isInstanceOfSatisfying(RegistrationRejectedException.class,
                        ex -> assertThat(ex.reason()).isEqualTo(Reason.NOT_OWNER));
        assertThatThrownBy(() -> store.register("orders", node(1), List.of("10.6.6.6:7400"), null))
                .isInstanceOf(RegistrationRejectedException.class);
        assertThat(store.resolve("orders", 10)).singleElement()
                .satisfies(peer -> assertThat(peer.addresses()).containsExactly("10.0.0.1:7400"));
        assertThat(store.register("orders", node(1), List.of("10.0.0.9:7400"), OWNER).addresses())
                .containsExactly("10.0.0.9:7400");
    }

    @Test
    void aNodeIdWhoseLeaseRanOutIsTakenAgainOnlyByItsOwnerForTheOwnerRetention() {
        store.register("orders", node(1), List.of("10.0.0.1:7400"), OWNER);
        store.register("orders", node(2), List.of("10.0.0.2:7400"), OWNER); // the mesh stays open
        clock.advance(LEASE.plusSeconds(1));
        store.register("orders", node(2), List.of("10.0.0.2:7400"), OWNER);

        assertThatThrownBy(() -> store.register("orders", node(1), List.of("10.6.6.6:7400"), "1e".repeat(32)))
                .isInstanceOf(RegistrationRejectedException.class);
        assertThatThrownBy(() -> store.register("orders", node(1), List.of("10.6.6.6:7400"), null))
                .isInstanceOf(RegistrationRejectedException.class);
        assertThat(store.register("orders", node(1), List.of("10.0.0.1:7400"), OWNER).addresses())
                .containsExactly("10.0.0.1:7400");
        store.unregister("orders", store.register("orders", node(1), List.of("10.0.0.1:7400"), OWNER)
                .registrationId());
        assertThatThrownBy(() -> store.register("orders", node(1), List.of("10.6.6.6:7400"), null))
                .as("unregistered: still its owner's").isInstanceOf(RegistrationRejectedException.class);
        clock.advance(Duration.ofHours(25));
        store.register("orders", node(2), List.of("10.0.0.2:7400"), OWNER);
        assertThat(store.register("orders", node(1), List.of("10.6.6.6:7400"), null).addresses())
                .as("past the owner retention").containsExactly("10.6.6.6:7400");
    }

    @Test
    void aRegistrationWithoutOwnerIsReplacedByNobodyButTakenOnceItsLeaseRanOut() {
        store.register("orders", node(1), List.of("10.0.0.1:7400"), null);

        assertThatThrownBy(() -> store.register("orders", node(1), List.of("10.0.0.2:7400"), null))
                .isInstanceOf(RegistrationRejectedException.class);
        clock.advance(LEASE);
        assertThat(store.register("orders", node(1), List.of("10.0.0.2:7400"), OWNER).addresses())
                .containsExactly("10.0.0.2:7400");
    }

    @Test
    void registrationExpiresAtTheEndOfItsLeaseAndIsHiddenBeforeAnySweep() {
        Registration registration = store.register("orders", node(1), List.of("10.0.0.1:7400"), OWNER);
        assertThat(registration.expiresAt()).isEqualTo(clock.instant().plus(LEASE));
        assertThat(store.resolve("orders", 10)).extracting(Peer::nodeId).containsExactly(node(1));

        clock.advance(LEASE);

        assertThat(store.resolve("orders", 10)).isEmpty();
        assertThat(store.statistics()).isEqualTo(new StoreStatistics(0, 0));
    }

    @Test
    void refreshStartsTheLeaseAgainAndReplacesTheAddresses() {
        Registration registration = store.register("orders", node(1), List.of("10.0.0.1:7400"), OWNER);
        clock.advance(LEASE.minusSeconds(1));

        store.refresh("orders", registration.registrationId(), node(1), List.of("10.0.0.2:7400"));
        clock.advance(Duration.ofSeconds(2));

        assertThat(store.resolve("orders", 10)).containsExactly(new Peer(node(1), List.of("10.0.0.2:7400")));
    }

    @Test
    void refreshOfAnExpiredRegistrationIsUnknownAndOfAnotherNodesIsRefused() {
        Registration first = store.register("orders", node(1), List.of("10.0.0.1:7400"), OWNER);
        store.register("orders", node(2), List.of("10.0.0.2:7400"), OWNER);

        assertThatThrownBy(() -> store.refresh("orders", first.registrationId(), node(2), List.of("10.0.0.2:1")))
                .isInstanceOfSatisfying(RegistrationRejectedException.class,
                        ex -> assertThat(ex.reason()).isEqualTo(Reason.OTHER_NODE));
        clock.advance(LEASE);
        assertThatThrownBy(() -> store.refresh("orders", first.registrationId(), node(1), List.of("10.0.0.1:1")))
                .isInstanceOfSatisfying(RegistrationRejectedException.class,
                        ex -> assertThat(ex.reason()).isEqualTo(Reason.UNKNOWN_REGISTRATION));
    }

    @Test
    void sweepRemovesExpiredRegistrationsAndEmptyMeshes() {
        store.register("orders", node(1), List.of("10.0.0.1:7400"), OWNER);
        store.register("billing", node(2), List.of("10.0.0.2:7400"), OWNER);
        clock.advance(LEASE.dividedBy(2));
        store.register("billing", node(3), List.of("10.0.0.3:7400"), OWNER);
        clock.advance(LEASE.dividedBy(2));

        store.sweep();

        assertThat(store.statistics()).isEqualTo(new StoreStatistics(1, 1));
        assertThat(store.resolve("billing", 10)).extracting(Peer::nodeId).containsExactly(node(3));
    }

    @Test
    void reRegisteringANodeReplacesItsRegistrationWithANewId() {
        Registration first = store.register("orders", node(1), List.of("10.0.0.1:7400"), OWNER);
        Registration second = store.register("orders", node(1), List.of("10.0.0.9:7400"), OWNER);

        assertThat(second.registrationId()).isNotEqualTo(first.registrationId()).matches("[0-9a-f]{32}");
        assertThat(store.resolve("orders", 10)).containsExactly(new Peer(node(1), List.of("10.0.0.9:7400")));
        assertThat(store.statistics()).isEqualTo(new StoreStatistics(1, 1));
    }

    @Test
    void unregisteringTheLastRegistrationRemovesTheMeshAndTwiceIsHarmless() {
        Registration registration = store.register("orders", node(1), List.of("10.0.0.1:7400"), OWNER);

        store.unregister("orders", registration.registrationId());
        store.unregister("orders", registration.registrationId());

        assertThat(store.statistics()).isEqualTo(new StoreStatistics(0, 0));
    }

    @Test
    void resolveDrawsAUniformSampleInRandomOrder() {
        IntStream.rangeClosed(1, 10).forEach(i -> store.register("orders", node(i), List.of("10.0.0.1:" + i), OWNER));
        Map<String, Integer> drawn = new HashMap<>();
        Map<String, Integer> drawnFirst = new HashMap<>();
        int rounds = 20_000;
        for (int round = 0; round < rounds; round++) {
            List<Peer> sample = store.resolve("orders", 3);
            assertThat(sample).hasSize(3).doesNotHaveDuplicates();
            sample.forEach(peer -> drawn.merge(peer.nodeId(), 1, Integer::sum));
            drawnFirst.merge(sample.get(0).nodeId(), 1, Integer::sum);
        }
        // Each of 10 appears in 3/10 of the samples and first in 1/10 of them; 10 % slack is over 10 sigma.
        assertThat(drawn).hasSize(10).allSatisfy((node, count) -> assertThat((double) count)
                .isCloseTo(rounds * 0.3, within(rounds * 0.03)));
        assertThat(drawnFirst).hasSize(10).allSatisfy((node, count) -> assertThat((double) count)
                .isCloseTo(rounds * 0.1, within(rounds * 0.02)));
    }

    @Test
    void concurrentRegistrationsNeverExceedTheMeshAndMeshLimits() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> attempts = IntStream.range(0, 2_000).mapToObj(i -> threads.submit(() -> {
                try {
                    store.register("mesh-" + (i % 40), node(i + 1), List.of("10.0.0.1:7400"), OWNER);
                    return true;
                }
                catch (RegistrationRejectedException ex) {
                    return false;
                }
            })).toList();
            long accepted = 0;
            for (Future<Boolean> attempt : attempts) {
                accepted += attempt.get() ? 1 : 0;
            }
            // 40 meshes asked for, 20 allowed, 50 registrations each.
            assertThat(accepted).isEqualTo(20 * 50);
            assertThat(store.statistics()).isEqualTo(new StoreStatistics(20 * 50, 20));
        }
        finally {
            threads.shutdownNow();
        }
    }

    private static String node(long id) {
        return NodeId.format(id);
    }
}
