package dev.peermesh.resolver.multicast;

import dev.peermesh.PeerAddress;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatagramTest {

    @Test
    void announcementsQueriesAndGoodbyesSurviveARoundTrip() throws Exception {
        PeerAddress address = new PeerAddress("fd00::7", 7400);
        for (Datagram datagram : new Datagram[] {Datagram.announce("orders-eu.prod", -5L, address),
                Datagram.goodbye("orders", Long.MAX_VALUE, address), Datagram.query("ördérs", 0)}) {
            assertThat(Datagram.decode(datagram.encode())).isEqualTo(datagram);
        }
    }

    @Test
    void theLongestDatagramFitsTheLimit() throws Exception {
        Datagram longest = Datagram.announce("m".repeat(255), 1, new PeerAddress("h".repeat(255), 65535));
        ByteBuffer bytes = longest.encode();
        assertThat(bytes.remaining()).isEqualTo(Datagram.MAX_LENGTH);
        assertThat(Datagram.decode(bytes)).isEqualTo(longest);
    }

    @Test
    void aMeshIdLongerThan255BytesIsNotSent() {
        assertThatThrownBy(() -> Datagram.query("é".repeat(128), 1).encode())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("255");
    }

    @Test
    void theFormatStartsWithMagicVersionAndType() {
        ByteBuffer bytes = Datagram.query("m", 1).encode();
        assertThat(bytes.getInt()).isEqualTo(0x504D5253);
        assertThat(bytes.get()).isEqualTo((byte) 1);
        assertThat(bytes.get()).isEqualTo((byte) 2);
    }

    @Test
    void otherProtocolsAndVersionsAreForeignWhileBrokenDatagramsAreNot() {
        ByteBuffer otherVersion = Datagram.query("m", 1).encode();
        otherVersion.put(4, (byte) 2);
        assertThatThrownBy(() -> Datagram.decode(otherVersion)).isInstanceOfSatisfying(
                MalformedDatagramException.class, ex -> assertThat(ex.foreign()).isTrue());
        assertThatThrownBy(() -> Datagram.decode(ByteBuffer.wrap(new byte[] {1, 2}))).isInstanceOfSatisfying(
                MalformedDatagramException.class, ex -> assertThat(ex.foreign()).isTrue());
        ByteBuffer truncated = Datagram.query("m", 1).encode().limit(10);
        assertThatThrownBy(() -> Datagram.decode(truncated)).isInstanceOfSatisfying(
                MalformedDatagramException.class, ex -> assertThat(ex.foreign()).isFalse());
    }
}
