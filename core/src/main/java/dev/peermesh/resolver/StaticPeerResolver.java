package dev.peermesh.resolver;

import dev.peermesh.PeerAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A fixed list of seed addresses, the same for every mesh id. Registration is a no-op: seeds are configured, not
 * learned.
 *
 * <p>{@code new StaticPeerResolver(List.of(PeerAddress.parse("10.0.0.5:7400"), PeerAddress.parse("10.0.0.6:7400")))}
 */
public final class StaticPeerResolver implements LookupPeerResolver {

    private final List<PeerAddress> seeds;

    public StaticPeerResolver(List<PeerAddress> seeds) {
        this.seeds = List.copyOf(Objects.requireNonNull(seeds, "seeds"));
    }

    /** Parses seeds written as {@code host:port}. */
    public static StaticPeerResolver of(String... seeds) {
        List<PeerAddress> parsed = new ArrayList<>(seeds.length);
        for (String seed : seeds) {
            parsed.add(PeerAddress.parse(seed));
        }
        return new StaticPeerResolver(parsed);
    }

    /** The configured seeds. */
    public List<PeerAddress> seeds() {
        return seeds;
    }




    /** Names the seeds, as the isolation warning shows them. */
    @Override
    public String toString() {
        return "StaticPeerResolver" + seeds;
    }

    @Override
    public List<PeerAddress> resolve(String meshId, int maxAddresses) {
        return LookupPeerResolver.sample(seeds, maxAddresses);
    }
}
