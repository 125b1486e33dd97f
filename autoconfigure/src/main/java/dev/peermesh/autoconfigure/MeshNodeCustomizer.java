package dev.peermesh.autoconfigure;

import dev.peermesh.MeshNode;

/**
 * Adjusts the auto-configured node's builder for what properties cannot express: a propagation filter, TLS
 * material from elsewhere, another resolver.
 *
 * <p>{@code @Bean MeshNodeCustomizer filter() { return builder -> builder.propagationFilter(myFilter); }}
 */
@FunctionalInterface
public interface MeshNodeCustomizer {

    /** Adjusts the builder; called after the properties were applied. */
    void customize(MeshNode.Builder builder);
}
