package dev.peermesh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing {@code host:port} and writing it back. */
class PeerAddressTest {

    @ParameterizedTest
    @ValueSource(strings = { "10.0.0.7:7400", "node-7.mesh:7400", "[fe80::1]:7400", "fe80::1%eth0:1",
        "bücher.example:80" })
    void anAddressWrittenOutParsesBackToTheSameAddress(String text) {
        PeerAddress address = PeerAddress.parse(text);

        assertThat(PeerAddress.parse(address.toString())).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(strings = { "[ node-7 ]:7400", "[\tnode-7]:7400", "[node-7\u2003]:7400" })
    void aHostWithWhiteSpaceAroundItIsRefusedRatherThanReadAsAnotherHost(String text) {
        assertThatThrownBy(() -> PeerAddress.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("white space around it");
    }

    @ParameterizedTest
    @ValueSource(strings = { "[[node-7]]:7400", "[[::1]]:7400", "a]b:1" })
    void aHostWithBracketsLeftInsideIsRefused(String text) {
        assertThatThrownBy(() -> PeerAddress.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contains '[' or ']'");
    }

    @Test
    void aHostWithControlCharactersIsRefusedAndQuotedEscaped() {
        assertThatThrownBy(() -> new PeerAddress("node-7\r\n18:00:00.000 ERROR forged\u001b[31m", 7400))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'node-7\\r\\n18:00:00.000 ERROR forged\\u001b[31m' contains control characters")
                .hasMessageNotContainingAny("\r", "\n", "\u001b");
    }
}
