package dev.peermesh.resolver;

import dev.peermesh.PeerAddress;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Several resolvers asked in order. A node registers with every one of them; {@code resolve} takes addresses from
 * the first, then the next, until it has enough, and skips a resolver that fails — so a LAN or DNS resolver can
 * back up a resolver server, or the other way round. Failures are reported when nothing was found, so a broken
 * resolver is never silent behind an empty answer.
 *
 * <p>{@code new ChainedPeerResolver(List.of(httpResolver, StaticPeerResolver.of("seed:7400")))}
 */
public final class ChainedPeerResolver implements PeerResolver {

    private final List<PeerResolver> resolvers;

    public ChainedPeerResolver(List<? extends PeerResolver> resolvers) {
        this.resolvers = List.copyOf(Objects.requireNonNull(resolvers, "resolvers"));
        if (this.resolvers.isEmpty()) {
            throw new IllegalArgumentException("A resolver chain needs at least one resolver");
        }
    }

    /** The resolvers, in the order they are asked. */
    public List<PeerResolver> resolvers() {
        return resolvers;
    }

    @Override
    public void register(PeerRegistration registration) {
        forEach("register with", resolver -> resolver.register(registration));
    }

    @Override
    public void refresh(PeerRegistration registration) {
        forEach("refresh with", resolver -> resolver.refresh(registration));
    }

    @Override
    public void unregister(PeerRegistration registration) {
        forEach("unregister from", resolver -> resolver.unregister(registration));
    }

    @Override
    public void abandon(PeerRegistration registration) {
        forEach("abandon with", resolver -> resolver.abandon(registration));
    }

    @Override
    public List<PeerAddress> resolve(String meshId, int maxAddresses) {
        Set<PeerAddress> found = new LinkedHashSet<>();
        List<RuntimeException> failures = new ArrayList<>();
        for (PeerResolver resolver : resolvers) {
            if (found.size() >= maxAddresses) {
                break;
            }
            try {
                for (PeerAddress address : resolver.resolve(meshId, maxAddresses - found.size())) {
                    if (found.size() < maxAddresses) {
                        found.add(address);
                    }
                }
            }
            catch (RuntimeException ex) {
                failures.add(ex);
            }
        }
        if (found.isEmpty() && !failures.isEmpty()) {
            throw failure("resolve mesh '" + meshId + "' with", failures);
        }
        return List.copyOf(found);
    }

    @Override
    public void close() {
        forEach("close", PeerResolver::close);
    }

    /** Names every resolver of the chain, in order. */
    @Override
    public String toString() {
        return "ChainedPeerResolver" + resolvers;
    }

    /** Runs a call on every resolver, even after one fails, then reports the failures together. */
    private void forEach(String what, Consumer<PeerResolver> call) {
        List<RuntimeException> failures = new ArrayList<>();
        for (PeerResolver resolver : resolvers) {
            try {
                call.accept(resolver);
            }
            catch (RuntimeException ex) {
                failures.add(ex);
            }
        }
        if (!failures.isEmpty()) {
            throw failure(what, failures);
        }
    }

    private PeerResolverException failure(String what, List<RuntimeException> failures) {
        StringBuilder message = new StringBuilder("Could not ").append(what).append(' ')
                .append(failures.size()).append(" of ").append(resolvers.size()).append(" chained resolvers:");
        for (RuntimeException failure : failures) {
            message.append(' ').append(failure.getMessage()).append(';');
        }
        PeerResolverException exception = new PeerResolverException(message.substring(0, message.length() - 1));
        failures.forEach(exception::addSuppressed);
        return exception;
    }
}
