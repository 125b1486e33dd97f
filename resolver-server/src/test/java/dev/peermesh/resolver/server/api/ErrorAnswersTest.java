package dev.peermesh.resolver.server.api;

import dev.peermesh.NodeId;
import dev.peermesh.resolver.server.ResolverClient;
import dev.peermesh.resolver.server.ResolverClient.Answer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Requests the API has no place for are answered as problem documents too (RFC 9457), whichever layer turns them
 * away — Spring MVC (wrong method, unknown path, bad JSON) or Tomcat before it (headers too large, a request line it
 * cannot read) — and nothing is silently changed on the way in: a host with control characters and a mesh id with a
 * path parameter are refused, not stored or cut.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "peermesh.resolver-server.auth.tokens=" + ResolverClient.TOKEN })
@ExtendWith(OutputCaptureExtension.class)
class ErrorAnswersTest {

    private static final String NODE = NodeId.format(0x5f1c0e2a9b7d4c31L);

    @LocalServerPort
    private int port;

    private ResolverClient client;

    @BeforeEach
    void connect() {
        client = ResolverClient.onPort(port);
    }

    @Test
    void hostsWithControlCharactersAreRefused() {
        for (String host : new String[] {"bad\\u0000host:7400", "bad\\nhost:7400", "bad\\u001bhost:7400"}) {
            Answer answer = client.send("POST", "/v1/meshes/control/registrations",
                    "{\"nodeId\":\"" + NODE + "\",\"addresses\":[\"" + host + "\"]}");
            assertThat(answer.status()).as(host).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.body()).contains("addresses[0]");
        }
        assertThat(client.resolve("control", 10).body()).doesNotContain("bad");
    }

    @Test
    void aMeshIdWithAPathParameterIsRefusedNotCut() {
        Answer register = client.register("mx-mesh;x=1", NODE, "10.0.0.7:7400");
        assertThat(register.status()).isEqualTo(400);
        assertThat(register.contentType()).startsWith("application/problem+json");
        assertThat(register.body()).contains("';'");
        assertThat(client.resolve("mx-mesh", 10).body()).doesNotContain(NODE);
    }

    @Test
    void aWrongMethodAnUnknownPathAndBadJsonAreProblems() {
        Answer wrongMethod = client.send("PATCH", "/v1/meshes/some-mesh/peers", "{}");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.contentType()).startsWith("application/problem+json");
        Answer unknown = client.send("GET", "/v2/anything", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        Answer badJson = client.send("POST", "/v1/meshes/some-mesh/registrations", "{not json");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.contentType()).startsWith("application/problem+json");
    }

    @Test
    void requestsTomcatTurnsAwayAreProblemsToo() throws IOException {
        String tooLarge = raw("GET /v1/meshes/m/peers HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");
        assertThat(statusLine(tooLarge)).matches("HTTP/1.1 (400|431) .*");
        assertThat(tooLarge).containsIgnoringCase("content-type: application/problem+json");

        String badLine = raw("GET /v1/meshes/%zz/peers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(statusLine(badLine)).startsWith("HTTP/1.1 400");
        assertThat(badLine).containsIgnoringCase("content-type: application/problem+json");
    }

    @Test
    void theErrorPageIsAProblemToo() {
        Answer error = client.send("GET", "/error", null);
        assertThat(error.contentType()).startsWith("application/problem+json");
    }

    @Test
    void abandonedRequestsAndWrongMethodsAreLoggedAtMostOnceAMinute(CapturedOutput output) throws IOException {
        for (int i = 0; i < 20; i++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.getOutputStream().write(("POST /v1/meshes/m/registrations HTTP/1.1\r\nHost: x\r\n"
                        + "Authorization: Bearer " + ResolverClient.TOKEN + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100\r\n\r\n{\"nodeId\"").getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
            }
            client.send("PATCH", "/v1/meshes/m/peers", "{}");
        }
        // the server saw every abandoned body (each leaves a count), and wrote one line for them
        await().until(() -> output.getOut().contains("abandoned by its client"));
        client.resolve("after-the-burst", 1); // a request after the burst: the abandoned ones were all handled
        assertThat(lines(output, "abandoned by its client")).isEqualTo(1);
        assertThat(lines(output, "method the path does not take")).isEqualTo(1);
        assertThat(output.getOut()).doesNotContain("Response already committed").doesNotContain("PageNotFound");
    }

    private static long lines(CapturedOutput output, String text) {
        return output.getOut().lines().filter(line -> line.contains(text)).count();
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static String statusLine(String answer) {
        int end = answer.indexOf("\r\n");
        return end < 0 ? answer : answer.substring(0, end);
    }
}
