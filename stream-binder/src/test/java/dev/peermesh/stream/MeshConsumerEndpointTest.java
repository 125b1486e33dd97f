package dev.peermesh.stream;

import dev.peermesh.MeshNode;
import dev.peermesh.MeshSettings;
import dev.peermesh.integration.MeshMessageMapper;
import dev.peermesh.stream.group.GroupMembership;

import java.time.Duration;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.stream.binder.ExtendedProducerProperties;
import org.springframework.cloud.stream.provisioning.ProvisioningException;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bindings the binder refuses, with what to change. */
class MeshConsumerEndpointTest {

    @Test
    void aGroupBindingCannotDropItsOwnNodesMessages() {
        MeshNode node = MeshNode.builder(MeshSettings.builder("refusals").build()).build();
        GroupMembership groups = new GroupMembership(node, new GroupMembership.Settings(Duration.ofSeconds(1),
                Duration.ofSeconds(3), 10, 10, 1_000), System::currentTimeMillis,
                Executors.newSingleThreadScheduledExecutor());
        PeermeshConsumerProperties properties = new PeermeshConsumerProperties();
        properties.setIncludeOwn(false);
        try {
            assertThatThrownBy(() -> new MeshConsumerEndpoint(node, "orders", "billing", groups, properties, null,
                    null, new MeshMessageMapper()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("include-own=false cannot apply to consumer group 'billing' on 'orders'");
        }
        finally {
            groups.close();
        }
    }

    @Test
    void theMeshsReservedTopicsAreNoProducerDestination() {
        assertThatThrownBy(() -> new PeermeshProvisioner().provisionProducerDestination("_peermesh.groups",
                new ExtendedProducerProperties<>(new PeermeshProducerProperties())))
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("is reserved");
        assertThatThrownBy(() -> new PeermeshProvisioner().provisionProducerDestination("orders.*",
                new ExtendedProducerProperties<>(new PeermeshProducerProperties())))
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("no topic");
    }
}
