package dev.peermesh.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags {@code peermesh.receive} observations; a bean of this type replaces
 * {@link DefaultMeshReceiveObservationConvention}.
 */
public interface MeshReceiveObservationConvention extends ObservationConvention<MeshReceiveContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof MeshReceiveContext;
    }
}
