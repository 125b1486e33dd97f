package dev.peermesh.resolver.server.store;

import java.util.List;

/**
 * The registrations of every mesh, each with a lease: one registration per node id and mesh, hidden as soon as its
 * lease runs out and removed by {@link #sweep()} at the latest. Inputs are already checked by the caller (ids,
 * addresses and counts follow the API's rules); the store enforces the limits on registrations and meshes.
 *
 * <p>{@code Registration r = store.register("orders", "5f1c0e2a9b7d4c31", List.of("10.0.0.7:7400"));}
 */
public interface RegistrationStore {

    /**
     * Registers a node, replacing its earlier registration in the mesh if any.
     *
     * @throws RegistrationRejectedException with {@code MESH_FULL} or {@code TOO_MANY_MESHES}
     */
    Registration register(String meshId, String nodeId, List<String> addresses);

    /**
     * Starts the lease of a live registration again and replaces its addresses.
     *
     * @throws RegistrationRejectedException with {@code UNKNOWN_REGISTRATION} or {@code OTHER_NODE}
     */
    Registration refresh(String meshId, String registrationId, String nodeId, List<String> addresses);

    /** Removes a registration; does nothing when it is already gone. */
    void unregister(String meshId, String registrationId);

    /** A uniformly random sample of at most {@code max} live registrations of the mesh, in random order. */
    List<Peer> resolve(String meshId, int max);

    /** Removes expired registrations and meshes left empty. */
    void sweep();

    /** How many registrations and meshes are live (for a shared store, possibly as of the last sweep). */
    StoreStatistics statistics();

    /** Throws when the store cannot be used (Redis unreachable, say); for the health endpoint. */
    void check();
}
