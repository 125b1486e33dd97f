package dev.peermesh.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerNetwork;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;

import static org.awaitility.Awaitility.await;

/**
 * A resolver server and {@code n} sample chat nodes on one Docker network, the nodes finding each other through
 * the server ({@code peermesh.resolver.type=http}). Ryuk is off, so {@link #close()} removes every container and
 * network itself, after saving their logs under {@code target/cluster-logs/}.
 *
 * <p>{@code try (MeshCluster cluster = MeshCluster.start("delivery", 5)) { cluster.node(1).publish(...); }}
 */
final class MeshCluster implements AutoCloseable {

    static final String TOKEN = "cluster-test-token-0123456789";

    /** Six JVMs starting at once on a two-core machine take a minute; give them room. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(4);

    private final String name;

    private final Network network;

    private final GenericContainer<?> resolver;

    private final List<GenericContainer<?>> containers = new ArrayList<>();

    private final List<ChatNode> nodes = new ArrayList<>();

    private final List<Network> extraNetworks = new ArrayList<>();

    private MeshCluster(String name, int size) {
        this.name = name;
        this.network = Network.newNetwork();
        this.resolver = new GenericContainer<>(ClusterImages.resolverServer())
                .withImagePullPolicy(ClusterImages.NEVER_PULL)
                .withNetwork(network)
                .withNetworkAliases("resolver")
                .withEnv("PEERMESH_RESOLVERSERVER_AUTH_TOKENS", TOKEN)
                .withEnv("JAVA_TOOL_OPTIONS", jvmOptions())
                .withExposedPorts(7480)
                .waitingFor(healthy(7480));
        for (int i = 1; i <= size; i++) {
            containers.add(new GenericContainer<>(ClusterImages.sampleApp())
                    .withImagePullPolicy(ClusterImages.NEVER_PULL)
                    .withNetwork(network)
                    .withNetworkAliases("node" + i)
                    .withEnv(Map.of(
                            "PEERMESH_RESOLVER_TYPE", "http",
                            "PEERMESH_RESOLVER_HTTP_URL", "http://resolver:7480",
                            "PEERMESH_RESOLVER_HTTP_TOKEN", TOKEN,
                            "PEERMESH_PORT", "7400",
                            // A name, not the container's IP: it stays right when the container moves networks.
                            "PEERMESH_ADVERTISED_ADDRESS", "node" + i,
                            "JAVA_TOOL_OPTIONS", jvmOptions()))
                    .withExposedPorts(ChatNode.HTTP_PORT)
                    .waitingFor(healthy(ChatNode.HTTP_PORT)));
        }
    }

    /** Starts the resolver server and {@code size} nodes at once and waits until every one reports healthy. */
    static MeshCluster start(String name, int size) {
        ClusterImages.requireDockerAndBaseImage();
        MeshCluster cluster = new MeshCluster(name, size);
        try {
            List<GenericContainer<?>> all = new ArrayList<>(cluster.containers);
            all.add(cluster.resolver);
            Startables.deepStart(all).join();
            for (int i = 0; i < size; i++) {
                cluster.nodes.add(new ChatNode("node" + (i + 1), cluster.containers.get(i).getContainerId()));
            }
            // healthy means serving HTTP, not yet linked: a message published by a node alone reaches no one
            await("every node linked to a neighbor").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .until(() -> cluster.nodes.stream().noneMatch(node -> node.neighborIds().isEmpty()));
            return cluster;
        }
        catch (RuntimeException ex) {
            cluster.close();
            throw ex;
        }
    }

    /** Node {@code i}, counted from 1. */
    ChatNode node(int i) {
        return nodes.get(i - 1);
    }

    List<ChatNode> nodes() {
        return List.copyOf(nodes);
    }

    /** Kills a node's JVM at once (SIGKILL), as a crash would: no goodbye to its neighbors. */
    void kill(ChatNode node) {
        docker().killContainerCmd(node.containerId()).exec();
    }

    /**
     * Cuts the mesh in two: moves {@code side} onto a network of its own (under the same names), away from the
     * others and the resolver server. {@link #heal} undoes it.
     */
    Network partition(Collection<ChatNode> side) {
        Network other = Network.newNetwork();
        extraNetworks.add(other);
        move(side, network, other);
        return other;
    }

    /** Stops the resolver server: from now on the nodes know each other only from what they remember. */
    void stopResolver() {
        resolver.stop();
    }

    /** Moves {@code side} back from {@code other} onto the cluster's network. */
    void heal(Collection<ChatNode> side, Network other) {
        move(side, other, network);
    }

    @Override
    public void close() {
        Path logs = Path.of("target", "cluster-logs");
        List<GenericContainer<?>> all = new ArrayList<>(containers);
        all.add(resolver);
        for (int i = 0; i < all.size(); i++) {
            GenericContainer<?> container = all.get(i);
            String file = name + "-" + (i < containers.size() ? "node" + (i + 1) : "resolver") + ".log";
            saveLog(container, logs.resolve(file));
            container.stop();
        }
        extraNetworks.forEach(Network::close);
        network.close();
    }

    /**
     * Connects every node to {@code to} before disconnecting any from {@code from}: the side moves as one (no node
     * meets a half-moved side), and no container is ever without a network (or its host port mapping).
     */
    private static void move(Collection<ChatNode> side, Network from, Network to) {
        for (ChatNode node : side) {
            docker().connectToNetworkCmd().withNetworkId(to.getId()).withContainerId(node.containerId())
                    .withContainerNetwork(new ContainerNetwork().withAliases(node.name())).exec();
        }
        for (ChatNode node : side) {
            docker().disconnectFromNetworkCmd().withNetworkId(from.getId()).withContainerId(node.containerId())
                    .exec();
        }
    }

    private static void saveLog(GenericContainer<?> container, Path file) {
        if (container.getContainerId() == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, container.getLogs());
        }
        catch (IOException | RuntimeException ex) {
            // Logs help diagnose a failure; not having them must not hide the test's own outcome.
        }
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    /** Health over HTTP: the default listening-port wait returns too early on an image without a shell. */
    private static org.testcontainers.containers.wait.strategy.WaitStrategy healthy(int port) {
        return Wait.forHttp("/actuator/health").forPort(port).forStatusCode(200).withStartupTimeout(STARTUP_TIMEOUT);
    }

    /**
     * C1 only and the serial collector: the JVMs start sooner on few cores, and these tests measure no speed. DNS
     * answers cached for 1 s, failures not at all: a node moved to another network has another IP address under
     * the same name, and the JVM's default (30 s) would keep dialling the old one.
     */
    private static String jvmOptions() {
        // (failed lookups: the sample app sets networkaddress.cache.negative.ttl=0 itself; this system property
        // does not override java.security's 10 s)
        return "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dsun.net.inetaddr.ttl=1 -Dsun.net.inetaddr.negative.ttl=0";
    }
}
