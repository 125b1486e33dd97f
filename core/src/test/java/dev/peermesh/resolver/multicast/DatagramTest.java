package dev.peermesh.resolver.multicast;

import dev.peermesh.PeerAddress;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatagramTest {

    private static final String PASSWORD = "Mesh-Pass-1";

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
        assertThat(bytes.remaining()).isEqualTo(Datagram.MAX_LENGTH - DatagramKeys.MAC_LENGTH);
        assertThat(Datagram.decode(bytes)).isEqualTo(longest);
        DatagramKeys keys = keys(PASSWORD, "m".repeat(255));
        ByteBuffer authenticated = longest.encode(keys);
        assertThat(authenticated.remaining()).isEqualTo(Datagram.MAX_LENGTH);
        assertThat(Datagram.decode(authenticated, keys)).isEqualTo(longest);
    }

    // ---- authenticated datagrams (version 2) ---------------------------------------------------------------------

    @Test
    void withTheMeshPasswordADatagramIsVersion2AndEndsWithItsMac() throws Exception {
        DatagramKeys keys = keys(PASSWORD, "orders");
        Datagram announce = Datagram.announce("orders", 7, new PeerAddress("10.0.0.7", 7400));

        ByteBuffer bytes = announce.encode(keys);

        assertThat(bytes.get(4)).isEqualTo((byte) 2);
        assertThat(bytes.remaining()).isEqualTo(announce.encode().remaining() + DatagramKeys.MAC_LENGTH);
        assertThat(Datagram.decode(bytes.duplicate(), keys)).isEqualTo(announce);
        assertThat(Datagram.decode(bytes, keys(PASSWORD, "orders"))).as("another resolver with the password")
                .isEqualTo(announce);
    }

    @Test
    void withTheMeshPasswordEveryDatagramThatCannotBeAuthenticatedIsRefusedAsSuch() {
        DatagramKeys keys = keys(PASSWORD, "orders");
        Datagram announce = Datagram.announce("orders", 7, new PeerAddress("10.0.0.7", 7400));
        ByteBuffer altered = announce.encode(keys);
        altered.put(altered.limit() - DatagramKeys.MAC_LENGTH - 1, (byte) 99); // the port's last byte
        Map<String, ByteBuffer> refused = Map.of(
                "version 1, no MAC", announce.encode(),
                "another password", announce.encode(keys("Another-Pass-1", "orders")),
                "altered after its MAC", altered,
                "a mesh this resolver does not use", Datagram.announce("other", 7, new PeerAddress("10.0.0.7", 7400))
                        .encode(keys(PASSWORD, "other")));

        refused.forEach((what, bytes) -> assertThatThrownBy(() -> Datagram.decode(bytes, keys)).as(what)
                .isInstanceOfSatisfying(MalformedDatagramException.class,
                        ex -> assertThat(ex.unauthenticated()).isTrue()));
    }

    @Test
    void withoutTheMeshPasswordAnAuthenticatedDatagramIsForeign() {
        ByteBuffer bytes = Datagram.query("orders", 7).encode(keys(PASSWORD, "orders"));

        assertThatThrownBy(() -> Datagram.decode(bytes)).isInstanceOfSatisfying(MalformedDatagramException.class,
                ex -> assertThat(ex.foreign()).isTrue());
    }

    private static DatagramKeys keys(String password, String... meshes) {
        return new DatagramKeys(password, Set.of(meshes));
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
