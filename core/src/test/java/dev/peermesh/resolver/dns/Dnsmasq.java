package dev.peermesh.resolver.dns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real DNS server for tests: Debian's dnsmasq on a free UDP port of 127.0.0.1, authoritative for
 * {@code mesh.test} (unknown names there get NXDOMAIN), answering only the records the test gives.
 *
 * <p>{@code try (Dnsmasq dns = Dnsmasq.with().host("orders.mesh.test", "127.0.0.1").start()) { ... dns.server() }}
 */
final class Dnsmasq implements AutoCloseable {

    static final String DOMAIN = "mesh.test";

    private static final Path BINARY = Path.of("/usr/sbin/dnsmasq");

    private final Process process;

    private final int port;

    private Dnsmasq(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static Records with() {
        return new Records();
    }

    /** The server as {@code ip:port}, the form of the {@code servers} setting. */
    String server() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The records to serve, as dnsmasq options. */
    static final class Records {

        private final List<String> options = new ArrayList<>();

        /** A and AAAA records: dnsmasq takes one IPv4 and one IPv6 address per option, so one option each. */
        Records host(String name, String... addresses) {
            for (String address : addresses) {
                options.add("--host-record=" + name + "," + address);
            }
            return this;
        }

        /** One SRV record: the target host and port, priority and weight 0. */
        Records srv(String name, String target, int port) {
            options.add("--srv-host=" + name + "," + target + "," + port);
            return this;
        }

        Dnsmasq start() {
            if (!Files.isExecutable(BINARY)) {
                throw new IllegalStateException("The DNS resolver tests need dnsmasq at " + BINARY
                        + ", which is missing; install Debian's dnsmasq-base package: apt-get install -y dnsmasq-base");
            }
            IllegalStateException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    return launch(freeUdpPort());
                }
                catch (IllegalStateException ex) {
                    last = ex;
                }
            }
            throw last;
        }

        private Dnsmasq launch(int port) {
            List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--no-daemon", "--conf-file=/dev/null",
                    "--no-resolv", "--no-hosts", "--no-negcache", "--pid-file=", "--log-facility=-",
                    "--bind-interfaces", "--listen-address=127.0.0.1", "--port=" + port, "--local=/" + DOMAIN + "/"));
            command.addAll(options);
            Process process;
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true).start();
            }
            catch (IOException ex) {
                throw new UncheckedIOException("Could not run " + command, ex);
            }
            List<String> output = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> drain(process, output), "dnsmasq-output");
            reader.setDaemon(true);
            reader.start();
            try {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> !process.isAlive() || output.stream().anyMatch(l -> l.contains("started")));
            }
            catch (RuntimeException ex) {
                process.destroyForcibly();
                throw new IllegalStateException("dnsmasq did not start: " + output, ex);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("dnsmasq exited with " + process.exitValue() + ": " + output);
            }
            return new Dnsmasq(process, port);
        }

        private static void drain(Process process, List<String> output) {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.add(line);
                }
            }
            catch (IOException ex) {
                output.add("(output closed: " + ex + ")");
            }
        }

        private static int freeUdpPort() {
            InetSocketAddress anyPort = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            try (DatagramSocket socket = new DatagramSocket(anyPort)) {
                return socket.getLocalPort();
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }
}
