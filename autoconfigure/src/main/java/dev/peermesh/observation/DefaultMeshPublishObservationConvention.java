package dev.peermesh.observation;

import dev.peermesh.observation.PeermeshObservation.Keys;

import io.micrometer.common.KeyValues;

/** {@code peermesh.publish}, span name {@code peermesh publish}, tags as {@link PeermeshObservation#PUBLISH} lists. */
public class DefaultMeshPublishObservationConvention implements MeshPublishObservationConvention {

    /** The observation's (and its timer's) name. */
    public static final String NAME = "peermesh.publish";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(MeshPublishContext context) {
        return "peermesh " + context.getOperation(); // not the topic: an application may have a topic per entity
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(MeshPublishContext context) {
        return KeyValues.of(Keys.SYSTEM.withValue("peermesh"), Keys.MESH.withValue(context.getMeshId()),
                Keys.OPERATION.withValue(context.getOperation()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(MeshPublishContext context) {
        return KeyValues.of(Keys.DESTINATION.withValue(context.getTopic()));
    }
}
