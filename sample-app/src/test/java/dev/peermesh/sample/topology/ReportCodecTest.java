package dev.peermesh.sample.topology;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCodecTest {

    private static final String A = "00000000000000aa";

    private static final String B = "00000000000000bb";

    private final ReportCodec codec = new ReportCodec(JsonMapper.builder().build());

    @Test
    void reportSurvivesTheRoundTrip() {
        TopologyReport report = new TopologyReport(A, "http://node1:8080/", List.of(B));

        assertThat(codec.decode(codec.encode(report), A)).contains(report);
    }

    @Test
    void reportOfANodeFromBeforeTheOneSpellingIsStillRead() {
        byte[] older = ("{\"nodeId\":\"" + A + "\",\"httpUrl\":null,\"neighbours\":[\"" + B + "\"]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(codec.decode(older, A)).hasValueSatisfying(
                decoded -> assertThat(decoded.neighbors()).containsExactly(B));
    }

    @Test
    void reportAboutAnotherNodeThanItsPublisherIsIgnored() {
        assertThat(codec.decode(codec.encode(new TopologyReport(B, null, List.of())), A)).isEmpty();
    }

    @Test
    void reportWithTooManyOrMalformedNeighborsIsIgnored() {
        List<String> many = Collections.nCopies(ReportCodec.MAX_NEIGHBORS + 1, B);
        assertThat(codec.decode(codec.encode(new TopologyReport(A, null, many)), A)).isEmpty();
        assertThat(codec.decode(codec.encode(new TopologyReport(A, null, List.of("<script>"))), A)).isEmpty();
    }

    @Test
    void addressThatIsNotHttpIsDroppedButTheReportKept() {
        TopologyReport report = new TopologyReport(A, "javascript:alert(1)", List.of(B));

        assertThat(codec.decode(codec.encode(report), A)).hasValueSatisfying(decoded -> {
            assertThat(decoded.httpUrl()).isNull();
            assertThat(decoded.neighbors()).containsExactly(B);
        });
    }

    @Test
    void garbageIsIgnored() {
        assertThat(codec.decode("not json".getBytes(StandardCharsets.UTF_8), A)).isEmpty();
        assertThat(codec.decode("{\"nodeId\":\"00000000000000aa\"}".getBytes(StandardCharsets.UTF_8), A)).isEmpty();
        assertThat(codec.decode(new byte[ReportCodec.MAX_BYTES + 1], A)).isEmpty();
    }
}
