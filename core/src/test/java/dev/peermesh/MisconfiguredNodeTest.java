package dev.peermesh;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.peermesh.resolver.LookupPeerResolver;
import dev.peermesh.resolver.StaticPeerResolver;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real nodes on loopback that cannot link: a node with another password does not storm its peers with dials, both
 * sides say why, and a node left alone warns, naming what it tried.
 */
class MisconfiguredNodeTest {

    /** Cooldown steps that start within 10 s with the default {@code dial-backoff.initial} of 6 s: at 0 s and 6 s. */
    private static final int STEPS_IN_TEN_SECONDS = 2;

    private final Logger rejections = (Logger) LoggerFactory.getLogger(Rejection.class);

    private final Logger membership = (Logger) LoggerFactory.getLogger(MeshNode.class);

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    private final List<MeshNode> nodes = new ArrayList<>();

    @BeforeEach
    void capture() {
        lines.start();
        rejections.addAppender(lines);
        membership.addAppender(lines);
    }

    @AfterEach
    void release() {
        rejections.detachAppender(lines);
        membership.detachAppender(lines);
        nodes.forEach(MeshNode::abort);
    }

    @Test
    void wrongPasswordNodeDialsEachPeerOncePerCooldownStep() {
        List<PeerAddress> everyone = new CopyOnWriteArrayList<>();
        LookupPeerResolver resolver = (meshId, max) -> List.copyOf(everyone);
        List<MeshNode> correct = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            correct.add(start(TestMesh.settings("misconfigured"), resolver));
        }
        MeshNode wrong = start(TestMesh.settings("misconfigured").password("Not-The-Mesh-Pass"), resolver);
        nodes.forEach(node -> everyone.add(node.address())); // every node may dial every other, as in the report

        await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(12))
                .until(() -> wrong.state().counters().dials() <= 3L * STEPS_IN_TEN_SECONDS);

        NodeState.Counters counters = wrong.state().counters();
        assertThat(counters.dials()).as("it did try each peer").isGreaterThanOrEqualTo(3);
        assertThat(counters.linksEstablished()).isZero();
        for (MeshNode node : correct) {
            assertThat(node.state().counters().rejected()).as("counted on the correct side")
                    .containsKey(Rejection.AUTHENTICATION_FAILED);
            assertThat(node.state().neighbors()).hasSize(2);
            assertThat(linesOf(node)).as("logged on the correct side, with what to check")
                    .anySatisfy(line -> assertThat(line).contains("[authentication-failed]", "127.0.0.1",
                            "peermesh.password"));
        }
        assertThat(linesOf(wrong)).anySatisfy(line -> assertThat(line)
                .contains("[authentication-failed]", "127.0.0.1", "peermesh.password"));
    }

    @Test
    void nodeWhoseSeedIsUnreachableWarnsNamingTheResolverAndWhatFailed() throws IOException {
        PeerAddress nobody = closedPort();
        MeshNode node = start(TestMesh.settings("alone").isolationWarning(Duration.ofMillis(300)),
                new StaticPeerResolver(List.of(nobody)));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lines.list)
                .filteredOn(line -> line.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).contains("Mesh 'alone'", "no neighbor",
                        "StaticPeerResolver[" + nobody + "]", nobody + " (", "no TCP connection")));
        assertThat(node.isolatedSince()).isNotNull().isBefore(Instant.now());
    }

    @Test
    void nodeWithoutSeedsWarnsThatItsResolverFoundNoPeers() {
        start(TestMesh.settings("no-seeds").isolationWarning(Duration.ofMillis(300)),
                new StaticPeerResolver(List.of()));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(messages(Level.WARN))
                .anySatisfy(line -> assertThat(line).contains("Mesh 'no-seeds'", "StaticPeerResolver[]",
                        "last answer: no peers", "Peers tried: none")));
    }

    @Test
    void nodeOfAnotherMeshIsReportedOnBothSides() {
        MeshNode member = start(TestMesh.settings("orders"), new StaticPeerResolver(List.of()));
        MeshNode stranger = start(TestMesh.settings("ordres"), new StaticPeerResolver(List.of(member.address())));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(linesOf(member)).anySatisfy(line -> assertThat(line)
                    .contains("[wrong-mesh]", "127.0.0.1", "'orders', not 'ordres'"));
            assertThat(linesOf(stranger)).anySatisfy(line -> assertThat(line)
                    .contains("[wrong-mesh]", "refused by peer", "peermesh.mesh-id"));
        });
        assertThat(stranger.state().counters().rejected()).containsKey(Rejection.WRONG_MESH);
    }

    @Test
    void neighborsComingAndGoingAreLoggedAndEndTheIsolation() {
        MeshNode first = start(TestMesh.settings("pair").isolationWarning(Duration.ofMinutes(1)),
                new StaticPeerResolver(List.of()));
        assertThat(first.isolatedSince()).as("the first node of a mesh starts alone").isNotNull();

        MeshNode second = start(TestMesh.settings("pair"), new StaticPeerResolver(List.of(first.address())));

        await().atMost(Duration.ofSeconds(10)).until(() -> first.isolatedSince() == null);
        assertThat(second.isolatedSince()).isNull();
        assertThat(messages(Level.INFO)).anySatisfy(line -> assertThat(line)
                .contains("Mesh 'pair': neighbor " + NodeId.format(second.nodeId()), "is up", "it dialled this node"));

        second.stop();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(messages(Level.INFO))
                .anySatisfy(line -> assertThat(line).contains("neighbor " + NodeId.format(second.nodeId()),
                        "is down (leaving)")));
        assertThat(first.isolatedSince()).as("alone again").isNotNull();
        assertThat(second.isolatedSince()).as("not running").isNull();
    }

    private MeshNode start(MeshSettings.Builder settings, dev.peermesh.resolver.PeerResolver resolver) {
        MeshNode node = MeshNode.builder(settings.build()).resolver(resolver).build();
        nodes.add(node);
        return node.start();
    }

    /** Log lines written on the node's own protocol thread. */
    private List<String> linesOf(MeshNode node) {
        String thread = "peermesh-" + NodeId.format(node.nodeId()).substring(0, 8);
        return lines.list.stream().filter(line -> line.getThreadName().startsWith(thread))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    private List<String> messages(Level level) {
        return lines.list.stream().filter(line -> line.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    /** An address on loopback where nothing listens. */
    private static PeerAddress closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new PeerAddress("127.0.0.1", socket.getLocalPort());
        }
    }
}
