package dev.peermesh.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags {@code peermesh.publish} observations; a bean of this type replaces
 * {@link DefaultMeshPublishObservationConvention}.
 */
public interface MeshPublishObservationConvention extends ObservationConvention<MeshPublishContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof MeshPublishContext;
    }
}
