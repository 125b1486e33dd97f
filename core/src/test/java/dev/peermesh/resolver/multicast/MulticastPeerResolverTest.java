package dev.peermesh.resolver.multicast;

import dev.peermesh.PeerAddress;
import dev.peermesh.resolver.PeerRegistration;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link MulticastPeerResolver}s on one real multicast group (on loopback) find each other, keep meshes apart,
 * forget peers that leave or fall silent, and shrug off junk.
 */
class MulticastPeerResolverTest {

    private static final Duration SOON = Duration.ofSeconds(10);

    private final TestGroup group = new TestGroup();

    private final List<MulticastPeerResolver> resolvers = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        resolvers.forEach(MulticastPeerResolver::close);
        group.close();
    }

    private MulticastPeerResolver resolver(MulticastSettings.Builder settings) {
        MulticastPeerResolver resolver = new MulticastPeerResolver(settings.build());
        resolvers.add(resolver);
        return resolver;
    }

    private static PeerRegistration node(String meshId, int port) {
        return new PeerRegistration(meshId, port, new PeerAddress("127.0.0.1", port));
    }

    @Test
    void threeResolversOnOneGroupFindEachOthersNodes() {
        List<PeerAddress> addresses = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            PeerRegistration node = node("orders", 7400 + i);
            resolver(group.settings()).register(node);
            addresses.add(node.address());
        }
        for (MulticastPeerResolver resolver : resolvers) {
            await().atMost(SOON).untilAsserted(() -> assertThat(resolver.resolve("orders", 10))
                    .containsExactlyInAnyOrderElementsOf(addresses));
        }
    }

    @Test
    void peersOfOtherMeshesAreNotReturned() {
        resolver(group.settings()).register(node("orders", 7401));
        resolver(group.settings()).register(node("billing", 7402));
        MulticastPeerResolver asking = resolver(group.settings());
        await().atMost(SOON).untilAsserted(() -> {
            assertThat(asking.resolve("orders", 10)).containsExactly(new PeerAddress("127.0.0.1", 7401));
            assertThat(asking.resolve("billing", 10)).containsExactly(new PeerAddress("127.0.0.1", 7402));
        });
        assertThat(asking.resolve("shipping", 10)).isEmpty();
    }

    @Test
    void aResolverThatKnowsNoPeerAsksTheGroupAndMembersAnswerAtOnce() {
        MulticastSettings.Builder rarely = group.settings().announceInterval(Duration.ofMinutes(10))
                .peerExpiry(Duration.ofMinutes(30)).queryTimeout(Duration.ofSeconds(5));
        MulticastPeerResolver member = resolver(rarely);
        member.register(node("orders", 7401));
        MulticastPeerResolver newcomer = resolver(rarely);

        assertThat(newcomer.resolve("orders", 10)).containsExactly(new PeerAddress("127.0.0.1", 7401));
        assertThat(member.counters().queriesAnswered()).isPositive();
    }

    @Test
    void anInterfaceMayBeNamedByOneOfItsAddresses() {
        MulticastPeerResolver byAddress = resolver(group.settings().networkInterface("127.0.0.1"));
        resolver(group.settings()).register(node("orders", 7401));
        await().atMost(SOON).until(() -> byAddress.resolve("orders", 10)
                .equals(List.of(new PeerAddress("127.0.0.1", 7401))));
    }

    @Test
    void resolveIsCappedAtTheMaximum() {
        MulticastPeerResolver members = resolver(group.settings());
        for (int i = 1; i <= 5; i++) {
            members.register(node("orders", 7400 + i));
        }
        MulticastPeerResolver asking = resolver(group.settings());
        await().atMost(SOON).until(() -> asking.resolve("orders", 10).size() == 5);
        assertThat(asking.resolve("orders", 2)).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void unregisterSaysGoodbyeSoPeersForgetTheNodeLongBeforeItExpires() {
        MulticastSettings.Builder settings = group.settings().peerExpiry(Duration.ofMinutes(10));
        MulticastPeerResolver leaving = resolver(settings);
        MulticastPeerResolver staying = resolver(settings);
        PeerRegistration node = node("orders", 7401);
        leaving.register(node);
        staying.register(node("orders", 7402));
        await().atMost(SOON).until(() -> staying.resolve("orders", 10).contains(node.address()));

        leaving.unregister(node);

        await().atMost(SOON).until(() -> !staying.resolve("orders", 10).contains(node.address()));
    }

    @Test
    void aPeerThatFallsSilentIsForgottenAfterTheExpiry() {
        MulticastPeerResolver resolver = resolver(group.settings().announceInterval(Duration.ofMillis(100))
                .peerExpiry(Duration.ofMillis(600)).queryTimeout(Duration.ofMillis(50)));
        PeerAddress silent = new PeerAddress("127.0.0.1", 7409);
        group.sendRaw(Datagram.announce("orders", 9, silent));
        await().atMost(SOON).until(() -> resolver.resolve("orders", 10).contains(silent));

        await().atMost(SOON).until(() -> resolver.resolve("orders", 10).isEmpty());
    }

    @Test
    void aNodeAnnouncingAWildcardAddressIsReachedAtTheDatagramsSource() {
        MulticastPeerResolver resolver = resolver(group.settings());
        group.sendRaw(Datagram.announce("orders", 9, new PeerAddress("0.0.0.0", 7409)));
        await().atMost(SOON).until(() -> resolver.resolve("orders", 10)
                .equals(List.of(new PeerAddress("127.0.0.1", 7409))));
    }

    @Test
    void malformedAndForeignDatagramsAreIgnoredAndCounted() {
        MulticastPeerResolver resolver = resolver(group.settings());
        ByteBuffer valid = Datagram.announce("orders", 7, new PeerAddress("127.0.0.1", 7407)).encode();
        List<ByteBuffer> malformed = List.of(
                truncated(valid, valid.remaining() - 1),
                truncated(valid, 8),
                withByte(valid, 5, 9),                  // unknown type
                withByte(valid, 6, 0),                  // empty mesh id
                withByte(valid, 6, 200),                // mesh id runs past the end
                withByte(valid, 7, 0xFF),               // mesh id not UTF-8
                withByte(valid, valid.remaining() - 1, 0).put(valid.remaining() - 2, (byte) 0), // port 0
                appended(valid, 1),                     // a byte after the port
                ByteBuffer.allocate(Datagram.MAX_LENGTH + 100));
        List<ByteBuffer> foreign = List.of(
                ByteBuffer.wrap("M-SEARCH * HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)),
                withByte(valid, 4, 2),                  // version 2
                ByteBuffer.allocate(3));
        malformed.forEach(group::sendRaw);
        foreign.forEach(group::sendRaw);
        group.sendRaw(valid.duplicate());

        int sent = malformed.size() + foreign.size() + 1;
        await().atMost(SOON).until(() -> resolver.counters().received() >= sent);
        assertThat(resolver.counters().malformed()).isEqualTo(malformed.size());
        assertThat(resolver.counters().foreign()).isEqualTo(foreign.size());
        assertThat(resolver.resolve("orders", 10)).containsExactly(new PeerAddress("127.0.0.1", 7407));
    }

    @Test
    void withTheMeshPasswordResolversFindEachOtherAndIgnoreAndCountWhatTheyCannotAuthenticate() {
        MulticastPeerResolver member = resolver(group.settings().meshPassword("Mesh-Pass-1"));
        MulticastPeerResolver other = resolver(group.settings().meshPassword("Mesh-Pass-1"));
        PeerRegistration node = node("orders", 7401);
        member.register(node);
        await().atMost(SOON).until(() -> other.resolve("orders", 10).contains(node.address()));
        long before = other.counters().unauthenticated();

        group.sendRaw(Datagram.announce("orders", 66, new PeerAddress("127.0.0.1", 6666)));   // version 1
        group.sendRaw(Datagram.announce("orders", 67, new PeerAddress("127.0.0.1", 6667))
                .encode(new DatagramKeys("Guessed-Pass-1", Set.of("orders"))));               // another password
        group.sendRaw(Datagram.goodbye("orders", node.nodeId(), node.address()));             // a forged goodbye

        await().atMost(SOON).until(() -> other.counters().unauthenticated() >= before + 3);
        assertThat(other.resolve("orders", 10)).containsExactly(node.address());
    }

    @Test
    void theCacheKeepsAtMostItsBoundOfPeersPerMeshAndOfMeshes() {
        MulticastPeerResolver resolver = resolver(group.settings().maxPeersPerMesh(8).maxMeshes(4)
                .queryTimeout(Duration.ofMillis(50)));
        for (int i = 1; i <= 40; i++) {
            group.sendRaw(Datagram.announce("orders", i, new PeerAddress("127.0.0.1", 8000 + i)));
        }
        for (int i = 1; i <= 10; i++) {
            group.sendRaw(Datagram.announce("mesh-" + i, i, new PeerAddress("127.0.0.1", 9000 + i)));
        }
        await().atMost(SOON).until(() -> resolver.counters().received() >= 50);

        assertThat(resolver.resolve("orders", 100)).hasSize(8)
                .as("the most recently heard are kept").contains(new PeerAddress("127.0.0.1", 8040));
        long meshesKept = java.util.stream.IntStream.rangeClosed(1, 10)
                .filter(i -> !resolver.resolve("mesh-" + i, 10).isEmpty()).count();
        assertThat(meshesKept).isEqualTo(3);
        assertThat(resolver.counters().dropped()).isEqualTo(32 + 7);
    }

    private static ByteBuffer truncated(ByteBuffer bytes, int length) {
        ByteBuffer copy = ByteBuffer.allocate(length);
        copy.put(bytes.duplicate().limit(length));
        return copy.flip();
    }

    private static ByteBuffer appended(ByteBuffer bytes, int extra) {
        ByteBuffer copy = ByteBuffer.allocate(bytes.remaining() + extra);
        copy.put(bytes.duplicate());
        return copy.position(0);
    }

    private static ByteBuffer withByte(ByteBuffer bytes, int index, int value) {
        ByteBuffer copy = truncated(bytes, bytes.remaining());
        copy.put(index, (byte) value);
        return copy;
    }
}
