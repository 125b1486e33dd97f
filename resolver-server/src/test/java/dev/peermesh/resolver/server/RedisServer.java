package dev.peermesh.resolver.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real {@code redis-server} (Debian's package) on a free loopback port, without persistence, for one test class.
 * Fails with the install command when the binary is missing: the Redis tests must run, not be skipped.
 */
public final class RedisServer implements AutoCloseable {

    private final Process process;

    private final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static RedisServer start() throws IOException {
        Path binary = List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server").stream().map(Path::of)
                .filter(Files::isExecutable).findFirst().orElseThrow(() -> new AssertionError(
                        "redis-server is not installed, and the Redis store tests need it: "
                                + "run 'apt-get install -y redis-server' (./test.sh does so)"));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        RedisServer server = new RedisServer(process, port);
        await().atMost(Duration.ofSeconds(10)).until(server::answersPing);
        return server;
    }

    public int port() {
        return port;
    }

    /** Sends one inline command and returns the first line of the answer. */
    public String command(String command) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }
    }

    private boolean answersPing() {
        try {
            return "+PONG".equals(command("PING"));
        }
        catch (IOException ex) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
