package dev.peermesh.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations the Spring programming model makes, and their keys. Low-cardinality keys (on meters and spans)
 * are bounded by the application's code and configuration; the topic and message id vary per message and are
 * high-cardinality (on spans only), since an application may use a topic per entity.
 */
public enum PeermeshObservation implements ObservationDocumentation {

    /** Around a publish, send or request through the template, until the node took it (a request: its reply). */
    PUBLISH {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultMeshPublishObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return new KeyName[] {Keys.SYSTEM, Keys.MESH, Keys.OPERATION};
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return new KeyName[] {Keys.DESTINATION};
        }
    },

    /** Around one listener method's handling of one message. */
    RECEIVE {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultMeshReceiveObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return new KeyName[] {Keys.SYSTEM, Keys.MESH, Keys.OPERATION, Keys.LISTENER};
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return new KeyName[] {Keys.DESTINATION, Keys.MESSAGE_ID};
        }
    };

    /** The keys, named after OpenTelemetry's messaging conventions where one fits. */
    public enum Keys implements KeyName {

        /** Always {@code peermesh}. */
        SYSTEM("messaging.system"),
        /** The mesh id. */
        MESH("peermesh.mesh"),
        /** {@code publish}, {@code send}, {@code request} or {@code receive}. */
        OPERATION("messaging.operation"),
        /** The listener's id. */
        LISTENER("peermesh.listener"),
        /** The topic. */
        DESTINATION("messaging.destination.name"),
        /** The mesh-wide message id, {@code origin/sequence}. */
        MESSAGE_ID("messaging.message.id");

        private final String name;

        Keys(String name) {
            this.name = name;
        }

        @Override
        public String asString() {
            return name;
        }
    }
}
