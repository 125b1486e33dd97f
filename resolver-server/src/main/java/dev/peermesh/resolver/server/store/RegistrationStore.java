package dev.peermesh.resolver.server.store;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The registrations of every mesh, each with a lease: one registration per node id and mesh, hidden as soon as its
 * lease runs out and removed by {@link #sweep()} at the latest. Inputs are already checked by the caller (ids,
 * addresses and counts follow the API's rules); the store enforces the limits on registrations and meshes.
 *
 * <p>{@code Registration r = store.register("orders", "5f1c0e2a9b7d4c31", List.of("10.0.0.7:7400"));}
 */
public interface RegistrationStore {

    /**
     * Registers a node, replacing its earlier registration in the mesh if any — only when {@code owner} is the one
     * that registration was made with: nobody else may take over a node's registration.
     *
     * @param owner what identifies the client that registers (a hash of its registration secret), or {@code null};
     *        a registration made without one can be replaced by nobody, it only ends with its lease or unregister
     * @throws RegistrationRejectedException with {@code NOT_OWNER}, {@code MESH_FULL} or {@code TOO_MANY_MESHES}
     */
    Registration register(String meshId, String nodeId, List<String> addresses, @Nullable String owner);

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
