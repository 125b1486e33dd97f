package dev.peermesh.resolver.server.api;

import java.util.ArrayList;
import java.util.List;

import dev.peermesh.NodeId;
import dev.peermesh.resolver.server.ResolverClient;
import dev.peermesh.resolver.server.ResolverClient.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bad input gets the right 4xx and a problem whose detail says what was wrong and what to do. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "peermesh.resolver-server.auth.tokens=" + ResolverClient.TOKEN,
        "peermesh.resolver-server.max-addresses=3", "peermesh.resolver-server.max-resolve=50",
        "peermesh.resolver-server.max-registrations-per-mesh=2", "peermesh.resolver-server.max-meshes=3" })
class RequestValidationTest {

    private static final String NODE = NodeId.format(0x5f1c0e2a9b7d4c31L);

    @LocalServerPort
    private int port;

    private ResolverClient client;

    private final List<String[]> registered = new ArrayList<>();

    @BeforeEach
    void connect() {
        client = ResolverClient.onPort(port);
    }

    @AfterEach
    void unregisterAll() {
        registered.forEach(registration -> client.unregister(registration[0], registration[1]));
    }

    @ParameterizedTest
    @ValueSource(strings = { "-starts-with-dash", "ends-with-dot.", "has%20space", "has*star" })
    void meshIdOutsideTheRuleIs400(String meshId) {
        Answer answer = client.register(meshId, NODE, "10.0.0.7:7400");

        assertBadRequest(answer, "Mesh id", "letters, digits");
    }

    @Test
    void meshIdLongerThan255CharactersIs400() {
        assertBadRequest(client.resolve("m".repeat(256), 10), "Mesh id", "1 to 255");
    }

    @ParameterizedTest
    @ValueSource(strings = { "5F1C0E2A9B7D4C31", "5f1c0e2a9b7d4c3", "5f1c0e2a9b7d4c310", "zzzzzzzzzzzzzzzz",
            "0000000000000000", "+f1c0e2a9b7d4c31" })
    void nodeIdOutsideTheRuleIs400(String nodeId) {
        assertBadRequest(client.register("bad-node", nodeId, "10.0.0.7:7400"), "nodeId", "16 lower-case hex");
    }

    @Test
    void missingNodeIdIs400() {
        assertBadRequest(client.send("POST", "/v1/meshes/bad-node/registrations", "{\"addresses\":[\"a:1\"]}"),
                "'nodeId' is missing", "16 lower-case hex");
    }

    @ParameterizedTest
    @ValueSource(strings = { "no-port", "host:", "host:0", "host:65536", "host:http", ":7400" })
    void addressOutsideTheRuleIs400(String address) {
        assertBadRequest(client.register("bad-address", NODE, "10.0.0.7:7400", address), "addresses[1]",
                "host");
    }

    @Test
    void missingOrEmptyAddressesAre400() {
        assertBadRequest(client.register("bad-address", NODE), "'addresses' is missing or empty", "host:port");
        assertBadRequest(client.send("POST", "/v1/meshes/bad-address/registrations", "{\"nodeId\":\"" + NODE + "\"}"),
                "'addresses' is missing or empty", "host:port");
    }

    @Test
    void moreAddressesThanMaxAddressesIs400() {
        assertBadRequest(client.register("bad-address", NODE, "a:1", "b:2", "c:3", "d:4"), "4 entries",
                "max-addresses");
    }

    @Test
    void bodyOver4KiBIs400WhetherDeclaredOrChunked() {
        String huge = ResolverClient.body(NODE, "h".repeat(5000) + ":1");
        assertBadRequest(client.send("POST", "/v1/meshes/big/registrations", huge), "longer than 4096 bytes",
                "at most 4096");
        assertBadRequest(client.sendChunked("POST", "/v1/meshes/big/registrations", huge),
                "longer than 4096 bytes", "at most 4096");
    }

    @Test
    void malformedJsonIs400() {
        assertBadRequest(client.send("POST", "/v1/meshes/broken/registrations", "{\"nodeId\": "),
                "not valid JSON", "send JSON like");
    }

    @Test
    void aFieldOfTheWrongTypeIs400NamingTheField() {
        assertBadRequest(client.send("POST", "/v1/meshes/broken/registrations", "{\"addresses\": \"a:1\"}"),
                "Field 'addresses' has the wrong type", "send JSON like");
    }

    @Test
    void aBodyThatIsNotJsonIs415AndAnUnknownPathIs404WithTheApisPaths() {
        Answer form = client.send("POST", "/v1/meshes/x/registrations", "nodeId=1", "text/plain");
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.detail()).contains("text/plain").contains("application/json");
        Answer unknown = client.send("GET", "/v1/nothing", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.detail()).contains("/v1/meshes/{meshId}/peers");
    }

    @Test
    void missingBodyIs400() {
        Answer answer = client.send("POST", "/v1/meshes/broken/registrations", "");
        assertBadRequest(answer, "no body", "send JSON like");
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "-1", "51", "ten" })
    void maxOutOfRangeIs400(String max) {
        assertBadRequest(client.send("GET", "/v1/meshes/ok/peers?max=" + max, null), "'max'", "1 to 50");
    }

    @Test
    void malformedRegistrationIdIs400() {
        assertBadRequest(client.refresh("ok", "not-an-id", NODE, "10.0.0.7:7400"), "Registration id",
                "32 lower-case hex");
    }

    @Test
    void aThirdNodeInAFullMeshIs409ButAReRegistrationIsNot() {
        register("full", 1);
        register("full", 2);

        Answer third = client.register("full", NodeId.format(3), "10.0.0.7:7400");

        assertThat(third.status()).isEqualTo(409);
        assertThat(third.detail()).contains("already holds 2 registrations").contains("max-registrations-per-mesh");
        register("full", 2);
    }

    @Test
    void aFourthMeshIs409() {
        register("one", 1);
        register("two", 1);
        register("three", 1);

        Answer fourth = client.register("four", NodeId.format(1), "10.0.0.7:7400");

        assertThat(fourth.status()).isEqualTo(409);
        assertThat(fourth.detail()).contains("Cannot open mesh 'four'").contains("max-meshes");
    }

    private void register(String mesh, long node) {
        Answer answer = client.register(mesh, NodeId.format(node), "10.0.0.7:7400");
        assertThat(answer.status()).isEqualTo(201);
        registered.add(new String[] { mesh, answer.registrationId() });
    }

    private static void assertBadRequest(Answer answer, String what, String hint) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("status").asInt()).isEqualTo(400);
        assertThat(answer.detail()).contains(what).contains(hint);
    }
}
