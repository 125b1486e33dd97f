package dev.peermesh.autoconfigure;

import dev.peermesh.MeshNode;
import dev.peermesh.integration.MeshHeaders;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three Boot applications that know nothing of each other but what Spring Cloud's DiscoveryClient lists (the simple,
 * properties-backed one here; Consul, Eureka or Kubernetes in production) form one mesh.
 */
class DiscoveryClientMeshTest {

    @Test
    void applicationsFormAMeshFromTheirDiscoveryClientAlone() throws IOException {
        List<Integer> meshPorts = List.of(freePort(), freePort(), freePort());
        try (MeshApplications apps = new MeshApplications()) {
            List<ConfigurableApplicationContext> started = new ArrayList<>();
            for (int port : meshPorts) {
                started.add(apps.start(properties(port, meshPorts)));
            }
            await().until(() -> started.stream().allMatch(app -> MeshApplications.node(app).state().online()));

            started.get(0).getBean("peermeshOutbound", MessageChannel.class)
                    .send(MessageBuilder.withPayload("found you").setHeader(MeshHeaders.TOPIC, "greetings").build());

            for (ConfigurableApplicationContext app : started.subList(1, 3)) {
                await().until(() -> MeshApplications.received(app).size() == 1);
                assertThat(MeshApplications.received(app).get(0).getPayload()).isEqualTo("found you");
            }
            MeshNode first = MeshApplications.node(started.get(0));
            assertThat(first.address().port()).isEqualTo(meshPorts.get(0));
        }
    }

    /** Every application lists all three instances, each with its mesh port in the metadata. */
    private static Map<String, Object> properties(int meshPort, List<Integer> meshPorts) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "spring.application.name", "orders",
                "peermesh.mesh-id", "discovered",
                "peermesh.port", meshPort,
                "peermesh.resolver.type", "discovery-client",
                "server.port", "0"));
        for (int i = 0; i < meshPorts.size(); i++) {
            String instance = "spring.cloud.discovery.client.simple.instances.orders[" + i + "].";
            properties.put(instance + "uri", "http://127.0.0.1:8080");
            properties.put(instance + "metadata.peermesh-port", meshPorts.get(i).toString());
        }
        return properties;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
