package dev.peermesh.bench;

import dev.peermesh.MeshListener;
import dev.peermesh.MeshNode;
import dev.peermesh.MessageId;
import dev.peermesh.NodeState;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node's counters every half second and its losses by origin and reason, on the worker's log (stderr), with
 * {@code -Dbench.nodeTrace=true}: for finding where a phase's pulls and stalls come from, not for the report.
 */
final class NodeTrace {

    private NodeTrace() {
    }

    static void start(MeshNode node) {
        Map<String, AtomicLong> losses = new ConcurrentHashMap<>();
        node.addListener(new MeshListener() {
            @Override
            public void messageLost(MessageId id, String reason) {
                losses.computeIfAbsent(Long.toHexString(id.origin()) + " " + reason, k -> new AtomicLong())
                        .incrementAndGet();
            }
        });
        Thread thread = new Thread(() -> {
            long start = System.currentTimeMillis();
            while (node.isRunning()) {
                try {
                    Thread.sleep(500);
                    NodeState.Counters c = node.state().counters();
                    NodeState.Reordering r = c.reordering();
                    System.err.printf("trace t=%d delivered=%d grafts=%d lost=%d dup=%d pauses=%d held=%d "
                            + "heldBytes=%d late=%d expired=%d overflowed=%d%n",
                            System.currentTimeMillis() - start, c.delivered(), c.grafts(), c.lost(), c.duplicates(),
                            c.treePauses(), r.held(), r.heldBytes(), r.late(), r.expired(), r.overflowed());
                    losses.forEach((k, v) -> System.err.printf("trace lost %s: %d%n", k, v.getAndSet(0)));
                    losses.clear();
                }
                catch (InterruptedException ex) {
                    return;
                }
                catch (RuntimeException ex) {
                    System.err.println("trace: " + ex);
                }
            }
        }, "bench-trace");
        thread.setDaemon(true);
        thread.start();
    }
}
