package dev.peermesh.resolver;

import dev.peermesh.PeerAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChainedPeerResolverTest {

    private static final PeerRegistration ME = new PeerRegistration("orders", 7, PeerAddress.parse("10.0.0.9:7400"));

    @Test
    void takesAddressesFromTheFirstResolverThenTheNextUntilItHasEnough() {
        ChainedPeerResolver chain = new ChainedPeerResolver(List.of(
                StaticPeerResolver.of("10.0.0.1:7400"),
                StaticPeerResolver.of("10.0.0.2:7400", "10.0.0.3:7400", "10.0.0.4:7400")));

        List<PeerAddress> found = chain.resolve("orders", 3);

        assertThat(found).hasSize(3).doesNotHaveDuplicates();
        assertThat(found.get(0)).isEqualTo(PeerAddress.parse("10.0.0.1:7400"));
    }

    @Test
    void doesNotAskLaterResolversOnceTheFirstGaveEnough() {
        Recording second = new Recording(List.of(PeerAddress.parse("10.0.0.2:7400")));
        ChainedPeerResolver chain = new ChainedPeerResolver(List.of(StaticPeerResolver.of("10.0.0.1:7400"), second));

        assertThat(chain.resolve("orders", 1)).containsExactly(PeerAddress.parse("10.0.0.1:7400"));
        assertThat(second.calls).isEmpty();
    }

    @Test
    void addressesFoundByTwoResolversCountOnce() {
        ChainedPeerResolver chain = new ChainedPeerResolver(List.of(
                StaticPeerResolver.of("10.0.0.1:7400"), StaticPeerResolver.of("10.0.0.1:7400", "10.0.0.2:7400")));

        assertThat(chain.resolve("orders", 5)).containsExactlyInAnyOrder(
                PeerAddress.parse("10.0.0.1:7400"), PeerAddress.parse("10.0.0.2:7400"));
    }

    @Test
    void skipsAFailingResolverWhenAnotherFindsPeers() {
        ChainedPeerResolver chain = new ChainedPeerResolver(List.of(
                new Failing("server down"), StaticPeerResolver.of("10.0.0.2:7400")));

        assertThat(chain.resolve("orders", 5)).containsExactly(PeerAddress.parse("10.0.0.2:7400"));
    }

    @Test
    void reportsTheFailureWhenNothingWasFound() {
        ChainedPeerResolver chain = new ChainedPeerResolver(List.of(
                new Failing("server down"), new StaticPeerResolver(List.of())));

        assertThatThrownBy(() -> chain.resolve("orders", 5))
                .isInstanceOf(PeerResolverException.class)
                .hasMessageContaining("1 of 2 chained resolvers")
                .hasMessageContaining("server down");
    }

    @Test
    void registersWithEveryResolverEvenWhenOneFails() {
        Recording first = new Recording(List.of());
        Recording last = new Recording(List.of());
        ChainedPeerResolver chain = new ChainedPeerResolver(List.of(first, new Failing("refused"), last));

        assertThatThrownBy(() -> chain.register(ME)).isInstanceOf(PeerResolverException.class)
                .hasMessageContaining("register with 1 of 3").hasMessageContaining("refused");
        chain.unregister(new PeerRegistration("other", 1, PeerAddress.parse("h:1")));

        assertThat(first.calls).containsExactly("register orders", "unregister other");
        assertThat(last.calls).containsExactly("register orders", "unregister other");
    }

    @Test
    void anEmptyChainIsRefused() {
        assertThatThrownBy(() -> new ChainedPeerResolver(List.of())).hasMessageContaining("at least one");
    }

    private static final class Recording implements PeerResolver {
        final List<String> calls = new ArrayList<>();
        final List<PeerAddress> addresses;

        Recording(List<PeerAddress> addresses) {
            this.addresses = addresses;
        }

        @Override public void register(PeerRegistration r) { calls.add("register " + r.meshId()); }
        @Override public void refresh(PeerRegistration r) { calls.add("refresh " + r.meshId()); }
        @Override public void unregister(PeerRegistration r) { calls.add("unregister " + r.meshId()); }
        @Override public List<PeerAddress> resolve(String meshId, int max) {
            calls.add("resolve " + meshId);
            return addresses;
        }
    }

    private static final class Failing implements PeerResolver {
        final String why;

        Failing(String why) {
            this.why = why;
        }

        @Override public void register(PeerRegistration r) { throw new PeerResolverException(why); }
        @Override public void refresh(PeerRegistration r) { throw new PeerResolverException(why); }
        @Override public void unregister(PeerRegistration r) { }
        @Override public List<PeerAddress> resolve(String meshId, int max) { throw new PeerResolverException(why); }
    }
}
