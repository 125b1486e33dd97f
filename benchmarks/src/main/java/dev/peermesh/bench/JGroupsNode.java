package dev.peermesh.bench;

import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.protocols.BasicTCP;

/**
 * A JGroups member on the stock {@code tcp.xml} stack from the JGroups jar, found through TCPPING on loopback, with
 * {@code TCP.tcp_nodelay} on (the stock file leaves Nagle's algorithm on, which peermesh and the bound turn off). The
 * worker JVM is started with {@code jgroups.bind_addr}, {@code jgroups.tcpping.initial_hosts} and
 * {@code java.net.preferIPv4Stack} (see {@link WorkerProcess}).
 *
 * <p>{@code new JGroupsNode(nodes, recorder)}
 */
final class JGroupsNode implements BroadcastNode {

    /** The first port TCP binds in {@code tcp-default.xml}; further members take the next free ones. */
    static final int FIRST_PORT = 7800;

    private static final String CLUSTER = "peermesh-bench";

    private final int nodes;

    private final DeliveryRecorder recorder;

    private JChannel channel;

    JGroupsNode(int nodes, DeliveryRecorder recorder) {
        this.nodes = nodes;
        this.recorder = recorder;
    }

    /** The TCPPING initial hosts for a group of this size, with room for ports taken by others. */
    static String initialHosts(int nodes) {
        StringBuilder hosts = new StringBuilder();
        for (int i = 0; i < nodes + 2; i++) {
            hosts.append(i == 0 ? "" : ",").append("127.0.0.1[").append(FIRST_PORT + i).append(']');
        }
        return hosts.toString();
    }

    @Override
    public void join() throws Exception {
        channel = new JChannel("tcp.xml");
        // Set before connect(): TCP.start() hands it to the server that makes every connection's socket.
        BasicTCP transport = (BasicTCP) channel.getProtocolStack().getTransport();
        transport.tcpNodelay(true);
        System.err.println("JGroups TCP.tcp_nodelay=" + transport.tcpNodelay());
        channel.setReceiver(new Receiver() {
            @Override
            public void receive(Message message) {
                if (!channel.getAddress().equals(message.getSrc())) {
                    recorder.delivered(message.getArray());
                }
            }
        });
        channel.connect(CLUSTER);
    }

    @Override
    public boolean awaitMembers(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (channel.getView() == null || channel.getView().size() < nodes) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    @Override
    public boolean broadcast(byte[] payload) throws Exception {
        channel.send(new BytesMessage(null, payload));
        return true;
    }

    @Override
    public long bytesOut() {
        return -1;
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close();
        }
    }
}
