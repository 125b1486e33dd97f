package dev.peermesh.sim;

import dev.peermesh.PeerAddress;

import java.util.List;

/**
 * The simulated resolver: answers a node's {@code resolve(max)} with addresses of other nodes, the way a resolver
 * service or a static seed list would.
 *
 * <p>{@code SimConfig.builder().contacts(ContactService.randomLive(true))}
 */
@FunctionalInterface
interface ContactService {

    /** Up to {@code max} addresses for {@code caller}; the simulation's random source makes every choice. */
    List<PeerAddress> contacts(Simulation simulation, SimNode caller, int max);

    /**
     * Random live nodes, like a resolver whose registrations are always fresh. With {@code includeCaller} the caller
     * may be among them, as it is in a real resolver's answer, and the protocol must skip itself.
     */
    static ContactService randomLive(boolean includeCaller) {
        return (simulation, caller, max) -> simulation.randomLiveAddresses(max, includeCaller ? null : caller);
    }
}
