package dev.peermesh.resolver.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.peermesh.PeerAddress;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests of the HTTP resolver's reading of the server's answers ({@code docs/fuzzing.md}): whatever body a server
 * (or something posing as one) sends, {@link ResolverJson} reads a valid lease or valid addresses, or throws the
 * {@link IllegalArgumentException} that {@link ResolverClient} turns into a {@code PeerResolverException}; never
 * anything else.
 *
 * <p>Without {@code JAZZER_FUZZ} each method runs on its seeds in {@code ResolverJsonFuzzTestInputs/<method>/}.
 */
class ResolverJsonFuzzTest {

    private static final JsonFactory JSON = new JsonFactory();

    /** The answer to register and refresh: a lease with a well-formed id and at least a second, or a clear refusal. */
    @FuzzTest(maxDuration = "5m")
    void leaseIsReadOrRefusedWithAReason(byte[] body) {
        Lease lease;
        try {
            lease = ResolverJson.lease(body);
        }
        catch (IllegalArgumentException ex) {
            assertThat(ex.getMessage()).isNotBlank();
            return;
        }
        assertThat(lease.registrationId()).matches("[0-9a-f]{32}");
        assertThat(lease.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    /**
     * The answer to resolve: addresses the engine accepts, which read the same when written back as an answer, or a
     * clear refusal.
     */
    @FuzzTest(maxDuration = "5m")
    void peersAreReadOrRefusedWithAReason(byte[] body) {
        List<PeerAddress> peers;
        try {
            peers = ResolverJson.peers(body);
        }
        catch (IllegalArgumentException ex) {
            assertThat(ex.getMessage()).isNotBlank();
            return;
        }
        assertThat(peers).doesNotContainNull();
        assertThat(ResolverJson.peers(answer(peers))).as("the same peers written as an answer and read again")
                .isEqualTo(peers);
    }

    /** {@code {"peers": [{"addresses": ["host:port"]}, …]}}, as the resolver server writes it. */
    private static byte[] answer(List<PeerAddress> peers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartObject();
            json.writeName("peers");
            json.writeStartArray();
            for (PeerAddress peer : peers) {
                json.writeStartObject();
                json.writeName("addresses");
                json.writeStartArray();
                json.writeString(peer.toString());
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return out.toByteArray();
    }
}
