package dev.peermesh.listener;

import org.junit.jupiter.api.Test;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/** The failure of a listener names the message, whose headers a peer wrote, escaped: it cannot forge log lines. */
class ListenerExecutionFailedExceptionTest {

    private static final String FORGERY = "\r\n18:00:00.000 ERROR FORGED-LOG-LINE \u001b[31mred\u001b[0m";

    @Test
    void itsTextEscapesThePeersHeaders() {
        ListenerExecutionFailedException failure = new ListenerExecutionFailedException(
                MessageBuilder.withPayload(new byte[0]).setHeader("note", FORGERY).build(), "orders",
                "Listener 'orders' failed", new IllegalStateException("broke"));

        assertThat(failure.toString()).contains("FORGED-LOG-LINE").contains("Listener 'orders' failed")
                .doesNotContain("\r").doesNotContain("\n").doesNotContain("\u001b");
    }
}
