package dev.peermesh.resolver.server.store;

/**
 * Counts of live registrations and meshes, for gauges and health details.
 *
 * <p>{@code long live = store.statistics().registrations();}
 *
 * @param registrations live registrations in all meshes
 * @param meshes meshes with at least one live registration
 */
public record StoreStatistics(long registrations, long meshes) {
}
