package dev.peermesh.test;

import dev.peermesh.MeshMessage;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JUnit 5 extension: a formed mesh per test, as the annotation describes it, closed after the test. */
@WithTestMesh(nodes = 3)
class WithTestMeshTest {

    private TestMesh before;

    @BeforeEach
    void keep(TestMesh mesh) {
        before = mesh;
    }

    @Test
    void eachTestGetsAFormedMeshWhoseNodesHearEachOther(TestMesh mesh) {
        assertThat(mesh).isSameAs(before);
        assertThat(mesh.size()).isEqualTo(3);
        assertThat(mesh.nodes()).allMatch(node -> node.state().online());
        MessageRecorder last = mesh.record(2, "orders.*");

        mesh.node(0).publish("orders.placed", "o-1", Map.of());
        mesh.node(1).publish("orders.placed", "o-2", Map.of());

        List<MeshMessage> received = last.awaitCount(2);
        assertThat(received).extracting(MeshMessage::text).containsExactlyInAnyOrder("o-1", "o-2");
        assertThat(last.texts()).hasSize(2);
    }

    @Test
    @WithTestMesh(nodes = 1, meshId = "solo", password = "Solo-Pass-1")
    void aMethodsAnnotationOverridesTheClasss(TestMesh mesh) {
        assertThat(mesh.size()).isEqualTo(1);
        assertThat(mesh.meshId()).isEqualTo("solo");
        assertThat(mesh.password()).isEqualTo("Solo-Pass-1");
    }

    @Test
    void aRecorderThatWaitsInVainSaysWhatItGot(TestMesh mesh) {
        MessageRecorder recorder = mesh.record(0, "quiet");
        mesh.node(1).publish("other", "x", Map.of());
        assertThatThrownBy(() -> recorder.awaitCount(1, java.time.Duration.ofMillis(300)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Expected 1 message(s) on 'quiet'").hasMessageContaining("got 0");
    }

    @Test
    void closingTheMeshStopsItsNodes() {
        TestMesh mesh = TestMesh.start(2);
        mesh.close();
        assertThat(mesh.nodes()).noneMatch(dev.peermesh.MeshNode::isRunning);
    }
}
