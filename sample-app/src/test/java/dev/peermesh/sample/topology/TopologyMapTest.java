package dev.peermesh.sample.topology;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopologyMapTest {

    private static final String A = "000000000000000a";

    private static final String B = "000000000000000b";

    private static final String C = "000000000000000c";

    private final MutableClock clock = new MutableClock();

    private final TopologyMap map = new TopologyMap(clock, Duration.ofSeconds(10), 100);

    @Test
    void graphHasEveryReportingNodeAndEachLinkOnce() {
        map.accept(new TopologyReport(A, "http://a:8080", List.of(B)));
        map.accept(new TopologyReport(B, null, List.of(A, C)));

        MeshGraph graph = map.graph(A);

        assertThat(graph.self()).isEqualTo(A);
        assertThat(graph.nodes()).extracting(MeshGraph.Node::id).containsExactly(A, B, C);
        assertThat(graph.nodes()).extracting(MeshGraph.Node::reported).containsExactly(true, true, false);
        assertThat(graph.nodes()).extracting(MeshGraph.Node::self).containsExactly(true, false, false);
        assertThat(graph.nodes().get(0).httpUrl()).isEqualTo("http://a:8080");
        assertThat(graph.nodes().get(0).shortId()).isEqualTo("000000");
        assertThat(graph.edges()).containsExactly(new MeshGraph.Edge(A, B), new MeshGraph.Edge(B, C));
    }

    @Test
    void acceptSaysWhetherThePictureChanged() {
        assertThat(map.accept(new TopologyReport(A, null, List.of(B)))).as("new node").isTrue();
        assertThat(map.accept(new TopologyReport(A, null, List.of(B)))).as("same report").isFalse();
        assertThat(map.accept(new TopologyReport(A, null, List.of(B, C)))).as("new neighbor").isTrue();
    }

    @Test
    void nodeSilentForLongerThanTheExpiryIsForgotten() {
        map.accept(new TopologyReport(A, null, List.of()));
        clock.advance(Duration.ofSeconds(6));
        map.accept(new TopologyReport(B, null, List.of()));
        clock.advance(Duration.ofSeconds(5));

        assertThat(map.graph(B).nodes()).extracting(MeshGraph.Node::id).containsExactly(B);
        assertThat(map.size()).isEqualTo(1);
    }

    @Test
    void fullMapDropsTheLongestSilentNode() {
        TopologyMap small = new TopologyMap(clock, Duration.ofSeconds(10), 2);
        small.accept(new TopologyReport(A, null, List.of()));
        clock.advance(Duration.ofSeconds(1));
        small.accept(new TopologyReport(B, null, List.of()));
        clock.advance(Duration.ofSeconds(1));
        small.accept(new TopologyReport(A, null, List.of()));
        small.accept(new TopologyReport(C, null, List.of()));

        assertThat(small.graph(A).nodes()).extracting(MeshGraph.Node::id).containsExactly(A, C);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {

        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
