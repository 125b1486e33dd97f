package dev.peermesh.resolver.server.api;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.peermesh.InvalidSettingException;
import dev.peermesh.MeshSettings;
import dev.peermesh.PeerAddress;
import dev.peermesh.resolver.server.config.ResolverServerProperties;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.mock.http.MockHttpInputMessage;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests of the resolver server's request parsing ({@code docs/fuzzing.md}), without HTTP: a body goes through
 * the JSON converter Spring MVC uses, with the server's own {@link JsonMapper}, then through {@link RequestRules}, and
 * path and query values through the rules alone. Whatever arrives is either accepted in a form peers can read back,
 * or answered by {@link ApiExceptionHandler} with a 400 problem that says what was wrong; never another exception
 * (which would be a 500).
 *
 * <p>Without {@code JAZZER_FUZZ} each method runs on its seeds in {@code RegistrationRequestFuzzTestInputs/<method>/}.
 */
class RegistrationRequestFuzzTest {

    private static final ResolverServerProperties PROPERTIES = new ResolverServerProperties();

    private static final RequestRules RULES = new RequestRules(PROPERTIES);

    private static final ApiExceptionHandler HANDLER = new ApiExceptionHandler();

    private static final JacksonJsonHttpMessageConverter CONVERTER =
            new JacksonJsonHttpMessageConverter(bootJsonMapper());

    /** The body of register and refresh: a valid node id and canonical addresses, or a 400 saying why not. */
    @FuzzTest(maxDuration = "5m")
    void registrationBodyIsAcceptedOrAnswered400(byte[] body) throws IOException {
        MockHttpInputMessage message = new MockHttpInputMessage(body);
        message.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        RegistrationRequest request;
        try {
            request = (RegistrationRequest) CONVERTER.read(ResolvableType.forClass(RegistrationRequest.class), message,
                    null);
        }
        catch (HttpMessageNotReadableException ex) {
            ResponseEntity<Object> answer = HANDLER.handleHttpMessageNotReadable(ex, new HttpHeaders(),
                    HttpStatus.BAD_REQUEST, new ServletWebRequest(new MockHttpServletRequest()));
            assertThat(answer).isNotNull();
            assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertBadRequest((ProblemDetail) answer.getBody());
            return;
        }
        String nodeId;
        List<String> addresses;
        try {
            nodeId = RULES.nodeId(request.nodeId());
            addresses = RULES.addresses(request.addresses());
        }
        catch (InvalidRequestException ex) {
            assertBadRequest(HANDLER.invalid(ex));
            return;
        }
        assertThat(nodeId).matches("[0-9a-f]{16}").isNotEqualTo("0".repeat(16));
        assertThat(addresses).hasSizeBetween(1, PROPERTIES.getMaxAddresses());
        for (String address : addresses) {
            assertThat(PeerAddress.parse(address).toString()).as("canonical address %s read back by a peer", address)
                    .isEqualTo(address);
        }
    }

    /**
     * A mesh id, a registration id and {@code max}, one per line: each accepted only within its rule (a mesh id
     * exactly when the engine accepts it too), or refused with a 400 saying why.
     */
    @FuzzTest(maxDuration = "5m")
    void pathAndQueryValuesAreAcceptedOrAnswered400(byte[] input) {
        String[] values = new String(input, StandardCharsets.UTF_8).split("\n", 3);
        String meshId = values[0];
        boolean engineAccepts;
        try {
            MeshSettings.builder(meshId).build();
            engineAccepts = true;
        }
        catch (InvalidSettingException ex) {
            engineAccepts = false;
        }
        assertThat(accepted(() -> RULES.meshId(meshId))).as("server accepts mesh id '%s' as the engine does", meshId)
                .isEqualTo(engineAccepts);
        if (values.length > 1 && accepted(() -> RULES.registrationId(values[1]))) {
            assertThat(values[1]).matches("[0-9a-f]{32}");
        }
        String max = values.length > 2 ? values[2] : null;
        AtomicReference<Integer> sample = new AtomicReference<>();
        if (accepted(() -> sample.set(RULES.max(max)))) {
            assertThat(sample.get()).isBetween(1, PROPERTIES.getMaxResolve());
        }
    }

    /** Whether the rule passed; a refusal must be one the API answers with a 400 that says why. */
    private static boolean accepted(Runnable rule) {
        try {
            rule.run();
            return true;
        }
        catch (InvalidRequestException ex) {
            assertBadRequest(HANDLER.invalid(ex));
            return false;
        }
    }

    private static void assertBadRequest(ProblemDetail problem) {
        assertThat(problem).isNotNull();
        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getDetail()).isNotBlank();
    }

    /** The JsonMapper the server runs with: Spring Boot's, as its Jackson auto-configuration builds it. */
    private static JsonMapper bootJsonMapper() {
        AtomicReference<JsonMapper> mapper = new AtomicReference<>();
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .run(context -> mapper.set(context.getBean(JsonMapper.class)));
        return mapper.get();
    }
}
