package dev.peermesh;

/**
 * How messages spread through the mesh ({@code peermesh.dissemination}, {@link MeshSettings.Builder#dissemination}).
 *
 * <p>{@code MeshSettings.builder("chat").dissemination(DisseminationMode.FLOOD).build()}
 */
public enum DisseminationMode {

    /** Epidemic broadcast trees (Plumtree): payloads along a tree, ids to the rest, pulls to repair. */
    TREE,
    /** Every node sends every new message to all its neighbors but the sender (WCF's behaviour). */
    FLOOD
}
