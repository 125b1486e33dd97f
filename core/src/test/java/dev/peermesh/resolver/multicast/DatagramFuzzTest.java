package dev.peermesh.resolver.multicast;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.peermesh.FuzzSeeds;
import dev.peermesh.PeerAddress;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz test of the multicast resolver's datagrams ({@code docs/fuzzing.md}): whatever arrives on the group,
 * {@link Datagram#decode} reads a valid datagram or throws {@link MalformedDatagramException} saying why; never
 * anything else. An ANNOUNCE or GOODBYE it reads is written back to the very same bytes, a QUERY (whose host and
 * port are ignored) to a datagram that reads the same.
 *
 * <p>Without {@code JAZZER_FUZZ} it runs on its seeds in {@code DatagramFuzzTestInputs/<method>/}.
 */
class DatagramFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void datagramIsReadOrRefusedWithAReason(byte[] input) throws MalformedDatagramException {
        Datagram datagram;
        try {
            datagram = Datagram.decode(ByteBuffer.wrap(input));
        }
        catch (MalformedDatagramException ex) {
            assertThat(ex.getMessage()).isNotBlank();
            return;
        }
        ByteBuffer written = datagram.encode();
        if (datagram.type() == Datagram.Type.QUERY) {
            assertThat(datagram.address()).isNull();
            assertThat(Datagram.decode(written)).isEqualTo(datagram);
        }
        else {
            assertThat(datagram.address()).isNotNull();
            byte[] bytes = new byte[written.remaining()];
            written.get(bytes);
            assertThat(bytes).as("%s written back", datagram).isEqualTo(input);
        }
    }

    /** Writes the seed corpus: one datagram of each type, and one from another protocol; see {@link FuzzSeeds}. */
    public static void main(String[] args) {
        seed("announce", Datagram.announce("orders-mesh", 0x5f1c0e2a9b7d4c31L, new PeerAddress("10.0.0.7", 7400)));
        seed("announce-ipv6", Datagram.announce("orders-mesh", 0x1111, new PeerAddress("fe80::1%eth0", 7401)));
        seed("goodbye", Datagram.goodbye("orders-mesh", 0x5f1c0e2a9b7d4c31L, new PeerAddress("node-7.lan", 7400)));
        seed("query", Datagram.query("orders-mesh", 0));
        FuzzSeeds.write(DatagramFuzzTest.class, "datagramIsReadOrRefusedWithAReason", "foreign",
                "M-SEARCH * HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static void seed(String name, Datagram datagram) {
        ByteBuffer encoded = datagram.encode();
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        FuzzSeeds.write(DatagramFuzzTest.class, "datagramIsReadOrRefusedWithAReason", name, bytes);
    }
}
