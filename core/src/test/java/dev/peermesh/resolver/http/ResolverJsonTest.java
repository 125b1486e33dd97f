package dev.peermesh.resolver.http;

import dev.peermesh.PeerAddress;
import dev.peermesh.resolver.PeerRegistration;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResolverJsonTest {

    @Test
    void writesARegistrationAsTheApiDescribes() {
        PeerRegistration registration = new PeerRegistration("orders", 0x5f1c0e2a9b7d4c31L,
                PeerAddress.parse("[fe80::1]:7400"));

        assertThat(new String(ResolverJson.registration(registration), StandardCharsets.UTF_8))
                .isEqualTo("{\"nodeId\":\"5f1c0e2a9b7d4c31\",\"addresses\":[\"[fe80::1]:7400\"]}");
    }

    @Test
    void readsALeaseAndIgnoresFieldsItDoesNotKnow() {
        Lease lease = ResolverJson.lease(bytes("{\"registrationId\":\"9c6f0d3e0b5a4f7e8d2c1b0a99887766\","
                + "\"expiresAt\":\"2026-11-25T10:15:30Z\",\"extra\":{\"a\":[1,2]},\"leaseSeconds\":600}"));

        assertThat(lease).isEqualTo(new Lease("9c6f0d3e0b5a4f7e8d2c1b0a99887766", Duration.ofMinutes(10)));
    }

    @Test
    void refusesALeaseWithoutAValidRegistrationId() {
        assertThatThrownBy(() -> ResolverJson.lease(bytes("{\"registrationId\":\"../admin\",\"leaseSeconds\":60}")))
                .hasMessageContaining("registrationId");
        assertThatThrownBy(() -> ResolverJson.lease(bytes("[1,2]"))).hasMessageContaining("START_OBJECT");
        assertThatThrownBy(() -> ResolverJson.lease(bytes("{\"registrationId\":"))).hasMessageContaining("not JSON");
    }

    @Test
    void readsEachPeersFirstAddress() {
        assertThat(ResolverJson.peers(bytes("{\"peers\":[{\"nodeId\":\"01\",\"addresses\":[\"10.0.0.1:7400\","
                + "\"example.org:7401\"]},{\"addresses\":[\"[::1]:7402\"],\"more\":null},{\"addresses\":[]}],"
                + "\"next\":1}")))
                .containsExactly(PeerAddress.parse("10.0.0.1:7400"), PeerAddress.parse("[::1]:7402"));
    }

    @Test
    void skipsAddressesTheEngineWouldRefuseAndValuesThatAreNotStrings() {
        assertThat(ResolverJson.peers(bytes("{\"peers\":[{\"addresses\":[\"no-port\",{\"x\":1},[2],\"10.0.0.1:7400\"]},"
                + "{\"addresses\":[\"host:99999\"]}]}")))
                .containsExactly(PeerAddress.parse("10.0.0.1:7400"));
    }

    @Test
    void aPeerEntryThatIsNotAnObjectDoesNotHideThePeersAfterIt() {
        assertThat(ResolverJson.peers(bytes("{\"peers\":[1,\"x\",[{\"addresses\":[\"10.0.0.9:1\"]}],null,"
                + "{\"addresses\":[\"10.0.0.1:7400\"]}],\"next\":{\"peers\":[]}}")))
                .containsExactly(PeerAddress.parse("10.0.0.1:7400"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
