package dev.peermesh.autoconfigure;

import dev.peermesh.MeshNode;
import io.netty.pkitesting.X509Bundle;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import static dev.peermesh.security.Certificates.authority;
import static dev.peermesh.security.Certificates.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code peermesh.ssl.bundle}: applications whose SSL bundles hold certificates from the mesh's CA link over TLS;
 * one whose certificate comes from another CA cannot join. CA and certificates are made in the test and handed to
 * Spring Boot as PEM files.
 */
class PeermeshTlsIntegrationTest {

    private static X509Bundle meshCa;

    private static X509Bundle otherCa;

    @BeforeAll
    static void makeCertificates() throws Exception {
        meshCa = authority("CN=mesh CA");
        otherCa = authority("CN=another CA");
    }

    @Test
    void applicationsWithTrustedCertificatesLinkOverTlsAndAnUntrustedOneIsRefused() throws Exception {
        try (MeshApplications apps = new MeshApplications()) {
            ConfigurableApplicationContext first = apps.start(properties(node(meshCa, "CN=first"), null));
            String seed = MeshApplications.node(first).address().toString();
            ConfigurableApplicationContext second = apps.start(properties(node(meshCa, "CN=second"), seed));
            ConfigurableApplicationContext stranger = apps.start(properties(node(otherCa, "CN=stranger"), seed));

            MeshNode secondNode = MeshApplications.node(second);
            await().until(() -> secondNode.state().online());
            second.getBean("peermeshOutbound", MessageChannel.class)
                    .send(MessageBuilder.withPayload("over TLS").build());
            await().until(() -> MeshApplications.received(first).size() == 1);
            assertThat(MeshApplications.received(first).get(0).getPayload()).isEqualTo("over TLS");

            MeshNode strangerNode = MeshApplications.node(stranger);
            await().atMost(Duration.ofSeconds(10)).until(() -> strangerNode.state().counters().linksRefused() >= 1);
            assertThat(strangerNode.state().neighbors()).isEmpty();
            assertThat(MeshApplications.node(first).state().neighbors()).singleElement()
                    .satisfies(neighbor -> assertThat(neighbor.nodeId()).isEqualTo(secondNode.nodeId()));
            assertThat(MeshApplications.received(stranger)).isEmpty();
        }
    }

    private static Map<String, Object> properties(X509Bundle certificate, String seed) throws Exception {
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.main.web-application-type", "none");
        properties.put("peermesh.mesh-id", "tls-apps");
        properties.put("peermesh.ssl.bundle", "mesh");
        properties.put("spring.ssl.bundle.pem.mesh.keystore.certificate",
                "file:" + certificate.toTempCertChainPem().getAbsolutePath());
        properties.put("spring.ssl.bundle.pem.mesh.keystore.private-key",
                "file:" + certificate.toTempPrivateKeyPem().getAbsolutePath());
        properties.put("spring.ssl.bundle.pem.mesh.truststore.certificate",
                "file:" + meshCa.toTempRootCertPem().getAbsolutePath());
        if (seed != null) {
            properties.put("peermesh.resolver.static.seeds", seed);
        }
        return properties;
    }
}
