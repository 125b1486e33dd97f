package dev.peermesh.observation;

import dev.peermesh.observation.PeermeshObservation.Keys;

import io.micrometer.common.KeyValues;

/** {@code peermesh.receive}, span name {@code peermesh receive}, tags as {@link PeermeshObservation#RECEIVE} lists. */
public class DefaultMeshReceiveObservationConvention implements MeshReceiveObservationConvention {

    /** The observation's (and its timer's) name. */
    public static final String NAME = "peermesh.receive";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(MeshReceiveContext context) {
        return "peermesh receive"; // not the topic: an application may have a topic per entity
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(MeshReceiveContext context) {
        return KeyValues.of(Keys.SYSTEM.withValue("peermesh"), Keys.MESH.withValue(context.getMeshId()),
                Keys.OPERATION.withValue("receive"), Keys.LISTENER.withValue(context.getListenerId()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(MeshReceiveContext context) {
        return KeyValues.of(Keys.DESTINATION.withValue(context.getMessage().topic()),
                Keys.MESSAGE_ID.withValue(context.getMessage().id().toString()));
    }
}
