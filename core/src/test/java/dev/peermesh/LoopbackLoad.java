package dev.peermesh;

import dev.peermesh.resolver.LookupPeerResolver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * A few real nodes on loopback, every node publishing 1 KiB messages as fast as it accepts them from a thread of its
 * own, for a profiler to watch (docs/benchmarks.md, "Primitive maps (issue 17)"). Not part of the build; prints the
 * deliveries and each node's counters:
 *
 * <p>{@code java -agentpath:/tmp/ap/linux-x64/libasyncProfiler.so=start,event=alloc,alloc=8k,collapsed,file=a.txt
 * -Xmx256m -cp core/target/test-classes:core/target/classes:$(cat cp.txt) dev.peermesh.LoopbackLoad 3 8}
 * (nodes, seconds).
 */
final class LoopbackLoad {

    private LoopbackLoad() {
    }

    public static void main(String[] args) throws InterruptedException {
        int size = Integer.parseInt(args[0]);
        long seconds = Long.parseLong(args[1]);
        List<PeerAddress> everyone = new CopyOnWriteArrayList<>();
        LookupPeerResolver resolver = (meshId, max) -> List.copyOf(everyone);
        List<MeshNode> nodes = new ArrayList<>();
        AtomicLong delivered = new AtomicLong();
        for (int i = 0; i < size; i++) {
            MeshSettings settings = MeshSettings.builder("load").bindAddress("127.0.0.1").build();
            MeshNode node = MeshNode.builder(settings).resolver(resolver).build().start();
            node.subscribe("load", message -> delivered.incrementAndGet());
            nodes.add(node);
            everyone.add(node.address());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> nodes.stream()
                .allMatch(node -> node.state().neighbors().size() >= Math.min(2, size - 1)));
        byte[] payload = new byte[1024];
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> publishers = new ArrayList<>();
        for (MeshNode node : nodes) {
            Thread publisher = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try {
                        node.publish("load", payload, Map.of());
                    }
                    catch (PublishRejectedException ex) {
                        Thread.onSpinWait(); // back-pressure: try again
                    }
                }
            });
            publisher.start();
            publishers.add(publisher);
        }
        for (Thread publisher : publishers) {
            publisher.join();
        }
        System.out.println("delivered " + delivered.get());
        for (MeshNode node : nodes) {
            System.out.println(node.state().counters());
            node.close();
        }
    }
}
