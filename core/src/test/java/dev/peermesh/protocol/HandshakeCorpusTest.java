package dev.peermesh.protocol;

import dev.peermesh.wire.Frame;
import dev.peermesh.FrameLimits;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;

import static dev.peermesh.protocol.HandshakeFuzzTest.INITIATOR;
import static dev.peermesh.protocol.HandshakeFuzzTest.PEER_ADDRESS;
import static dev.peermesh.protocol.HandshakeFuzzTest.RESPONDER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed corpus of {@link HandshakeFuzzTest} keeps its complete handshakes and the traffic after them: when a
 * change to the protocol moves its nonces, or to the wire format breaks a frame, this says to rerun
 * {@link HandshakeFuzzTest#main} rather than let the fuzzer lose the frames of an established link.
 */
class HandshakeCorpusTest {

    @Test
    void corpusHandshakesMakeANeighborInBothRoles() throws IOException {
        HandshakeFuzzTest.Node responder = new HandshakeFuzzTest.Node(null);
        responder.receive(seed(RESPONDER, "handshake-then-traffic"));
        HandshakeFuzzTest.Node initiator = new HandshakeFuzzTest.Node(PEER_ADDRESS);
        initiator.receive(seed(INITIATOR, "handshake-then-traffic"));

        assertThat(responder.admitted()).as("responder admitted the corpus's initiator").isTrue();
        assertThat(initiator.admitted()).as("initiator accepted the corpus's responder").isTrue();
        assertThat(responder.actions.deliveries).as("three messages, one of them sent twice, one signed").hasSize(3);
        // every frame of the traffic decodes, up to the closing DISCONNECT: a change to the wire format shows here
        assertThat(responder.received).last().isInstanceOf(Frame.Disconnect.class);
        assertThat(initiator.received).last().isInstanceOf(Frame.Disconnect.class);
    }

    @Test
    void corpusPeerWithTheSmallestLimitIsAdmittedAndItsLimitKept() throws IOException {
        HandshakeFuzzTest.Node responder = new HandshakeFuzzTest.Node(null);
        responder.receive(seed(RESPONDER, "handshake-with-a-smaller-limit-then-traffic"));

        assertThat(responder.admitted()).as("responder admitted the corpus's initiator").isTrue();
        assertThat(responder.actions.smallestNeighborLimits).as("the peer's limit, learnt from its HELLO")
                .first().extracting(NeighborLimit::maxMessageSize).isEqualTo(FrameLimits.MIN_FRAME_LENGTH);
        assertThat(responder.received).last().isInstanceOf(Frame.Disconnect.class);
    }

    private static byte[] seed(String method, String name) throws IOException {
        try (InputStream in = HandshakeFuzzTest.class.getResourceAsStream("HandshakeFuzzTestInputs/" + method + "/"
                + name)) {
            assertThat(in).as("seed %s/%s", method, name).isNotNull();
            return in.readAllBytes();
        }
    }
}
