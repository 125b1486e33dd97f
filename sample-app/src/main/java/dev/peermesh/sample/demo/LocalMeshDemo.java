package dev.peermesh.sample.demo;

import dev.peermesh.CloseReason;
import dev.peermesh.MeshListener;
import dev.peermesh.MeshNode;
import dev.peermesh.MeshSettings;
import dev.peermesh.Neighbor;
import dev.peermesh.NodeId;
import dev.peermesh.NodeState;
import dev.peermesh.resolver.StaticPeerResolver;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A mesh of several nodes in one JVM on loopback: they find each other through the first node, exchange a message a
 * second, print what they deliver, and after a while one node leaves and the rest repair. A first look at peermesh
 * without Spring or Docker: plain {@link MeshNode}s, no application context. It lives in the sample app, not in
 * {@code peermesh-core}, so that the library jar carries no demo.
 *
 * <p>{@code java -jar peermesh-sample-app.jar engine} — arguments: {@code [nodes=6] [seconds=20]}
 */
public final class LocalMeshDemo {

    private LocalMeshDemo() {
    }

    /** Runs the demo: {@code [nodes, default 6] [seconds, default 20]}. */
    public static void main(String[] args) throws InterruptedException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        List<MeshNode> nodes = new ArrayList<>();
        AtomicLong delivered = new AtomicLong();
        try {
            for (int i = 0; i < count; i++) {
                MeshSettings settings = MeshSettings.builder("demo").bindAddress("127.0.0.1").password("Demo-Pass-1")
                        .build();
                StaticPeerResolver seeds = i == 0 ? new StaticPeerResolver(List.of())
                        : new StaticPeerResolver(List.of(nodes.get(0).address()));
                MeshNode node = MeshNode.builder(settings).resolver(seeds).build();
                String name = "node-" + i;
                node.subscribe("*", message -> {
                    delivered.incrementAndGet();
                    System.out.printf("  %-7s got %-22s '%s' after %d hop(s)%n", name, message.id(), message.text(),
                            message.hops());
                });
                node.addListener(new MeshListener() {
                    @Override
                    public void neighborDown(Neighbor neighbor, CloseReason reason, String detail) {
                        System.out.printf("  %-7s lost neighbor %s: %s%n", name, NodeId.format(neighbor.nodeId()),
                                reason);
                    }
                });
                nodes.add(node.start());
                System.out.printf("%s listening on %s%n", name, node.address());
            }
            for (int second = 1; second <= seconds; second++) {
                Thread.sleep(1000);
                if (second == seconds / 2 && nodes.size() > 3) {
                    MeshNode leaving = nodes.remove(nodes.size() - 1);
                    System.out.printf("%n%s leaves the mesh%n", leaving.address());
                    leaving.stop();
                }
                MeshNode publisher = nodes.get(second % nodes.size());
                String text = "hello #" + second + " from " + publisher.address();
                System.out.printf("%n%s publishes '%s'%n", publisher.address(), text);
                publisher.publish("chat", text.getBytes(StandardCharsets.UTF_8), Map.of());
            }
            Thread.sleep(500);
            System.out.println();
            for (MeshNode node : nodes) {
                NodeState state = node.state();
                System.out.printf("%s neighbors=%d published=%d delivered=%d forwarded=%d duplicates dropped=%d%n",
                        node.address(), state.neighbors().size(), state.counters().published(),
                        state.counters().delivered(), state.counters().forwarded(), state.counters().duplicates());
            }
            System.out.printf("%d deliveries in all%n", delivered.get());
        }
        finally {
            nodes.forEach(MeshNode::stop);
        }
    }
}
