package dev.peermesh.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeerTextTest {

    @Test
    void plainTextPassesUnchanged() {
        String text = "orders-mesh.eu_1";
        assertThat(PeerText.escape(text)).isSameAs(text);
    }

    @Test
    void lineBreaksAndTerminalEscapesCannotForgeALogLine() {
        String forged = "mesh\r\n18:00:00.000 ERROR FORGED-LOG-LINE \u001b[31mred\u0085\u2028";
        String escaped = PeerText.escape(forged);
        assertThat(escaped).doesNotContain("\n", "\r", "\u001b", "\u0085", "\u2028")
                .isEqualTo("mesh\\r\\n18:00:00.000 ERROR FORGED-LOG-LINE \\u001b[31mred\\u0085\\u2028");
    }

    @Test
    void aBackslashIsEscapedSoAnEscapeCannotBeFaked() {
        assertThat(PeerText.escape("a\\nb")).isEqualTo("a\\\\nb");
    }

    @Test
    void longTextIsCutAndSaysHowMuchWasLeftOut() {
        String escaped = PeerText.escape("x".repeat(300));
        assertThat(escaped).startsWith("x".repeat(PeerText.MAX_LENGTH)).endsWith("…(44 more characters)");
    }

    @Test
    void nullReadsAsNull() {
        assertThat(PeerText.escape(null)).isEqualTo("null");
    }
}
