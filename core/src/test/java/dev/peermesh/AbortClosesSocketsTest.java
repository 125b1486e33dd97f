package dev.peermesh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link MeshNode#abort()} closes everything a crash would: after 30 start/abort cycles next to a node that lives
 * throughout, the JVM has no more sockets open than before them (counted in {@code /proc/self/fd}), and the
 * survivor still admits a newcomer from the same address.
 */
@EnabledOnOs(OS.LINUX)
class AbortClosesSocketsTest {

    private final TestMesh mesh = new TestMesh("abort-sockets-test");

    @AfterEach
    void release() {
        mesh.close();
    }

    @Test
    void startAndAbortCyclesLeaveNoSocketOpen() {
        MeshNode survivor = mesh.start();
        MeshNode warmUp = mesh.start(survivor);
        await().until(() -> warmUp.state().online());
        warmUp.abort();
        await().until(() -> survivor.state().neighbors().isEmpty());
        long before = openSockets();

        for (int cycle = 0; cycle < 30; cycle++) {
            MeshNode node = mesh.start(survivor);
            if (cycle % 2 == 0) {
                await().until(() -> node.state().online()); // half abort linked, half still dialling or handshaking
            }
            node.abort();
        }

        await().until(() -> survivor.state().neighbors().isEmpty());
        await().untilAsserted(() -> assertThat(openSockets()).as("sockets open after 30 start/abort cycles")
                .isLessThanOrEqualTo(before));
        MeshNode newcomer = mesh.start(survivor);
        await().until(() -> newcomer.state().online());
    }

    private static long openSockets() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                }
                catch (IOException ex) {
                    return false; // closed while listed
                }
            }).count();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
