package dev.peermesh.autoconfigure;

import dev.peermesh.MeshNode;
import dev.peermesh.MeshSettings;
import dev.peermesh.resolver.StaticPeerResolver;
import dev.peermesh.security.Certificates;
import dev.peermesh.security.SigningKey;
import dev.peermesh.security.TrustPolicy;

import io.netty.pkitesting.X509Bundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.peermesh.autoconfigure.InvalidProperties.assertInvalidProperty;
import static dev.peermesh.security.Certificates.pem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code peermesh.security.signatures.*}: which key a node signs with, whose messages it accepts, and how a setting
 * that cannot work stops start-up.
 */
class PeermeshSignatureAutoConfigurationTests {

    private static KeyPair own;

    private static KeyPair peer;

    private static X509Bundle meshCa;

    private static X509Bundle nodeCertificate;

    @TempDir
    static Path files;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PeermeshAutoConfiguration.class, SslAutoConfiguration.class))
            .withPropertyValues("peermesh.mesh-id=test", "peermesh.bind-address=127.0.0.1");

    @BeforeAll
    static void makeKeys() throws Exception {
        own = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        peer = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        meshCa = Certificates.authority("CN=mesh CA");
        nodeCertificate = Certificates.node(meshCa, "CN=node");
    }

    @Test
    void byDefaultANodeNeitherSignsNorVerifies() {
        contextRunner.run(context -> {
            MeshNode node = context.getBean(MeshNode.class);
            assertThat(node.signingKey()).isNull();
            assertThat(node.trust().verifiesMessages()).isFalse();
        });
    }

    @Test
    void trustKeysSignsWithTheConfiguredKeyAndTrustsTheListedOnes() throws Exception {
        Path peerKey = Files.writeString(files.resolve("peer.pub"), pem("PUBLIC KEY", peer.getPublic().getEncoded()));
        contextRunner.withPropertyValues("peermesh.security.signatures.trust=keys",
                "peermesh.security.signatures.private-key=" + pem("PRIVATE KEY", own.getPrivate().getEncoded()),
                "peermesh.security.signatures.public-key=" + pem("PUBLIC KEY", own.getPublic().getEncoded()),
                "peermesh.security.signatures.trusted-keys[0]=" + base64(own.getPublic()),
                "peermesh.security.signatures.trusted-keys[1]=file:" + peerKey).run(context -> {
                    MeshNode node = context.getBean(MeshNode.class);
                    assertThat(node.signingKey().publicKey()).isEqualTo(own.getPublic());
                    TrustPolicy trust = node.trust();
                    assertThat(trust.distrust(own.getPublic(), null)).isNull();
                    assertThat(trust.distrust(peer.getPublic(), null)).isNull();
                    assertThat(trust.distrust(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic(),
                            null)).isNotNull();
                });
    }

    @Test
    void keysCanComeFromFiles() throws Exception {
        Path privateKey = Files.writeString(files.resolve("own.key"),
                pem("PRIVATE KEY", own.getPrivate().getEncoded()));
        Path publicKey = Files.writeString(files.resolve("own.pub"), pem("PUBLIC KEY", own.getPublic().getEncoded()));
        contextRunner.withPropertyValues("peermesh.security.signatures.private-key=file:" + privateKey,
                "peermesh.security.signatures.public-key=file:" + publicKey).run(context -> {
                    MeshNode node = context.getBean(MeshNode.class);
                    assertThat(node.signingKey().publicKey()).isEqualTo(own.getPublic());
                    assertThat(node.trust().verifiesMessages()).as("signing alone verifies nothing").isFalse();
                });
    }

    @Test
    void trustCaSignsWithTheSslBundlesKeyAndTrustsItsCa() throws Exception {
        contextRunner.withPropertyValues(bundle("mesh")).withPropertyValues("peermesh.ssl.bundle=mesh",
                "peermesh.security.signatures.trust=ca").run(context -> {
                    MeshNode node = context.getBean(MeshNode.class);
                    assertThat(node.signingKey().certificate()).isEqualTo(nodeCertificate.getCertificate());
                    assertThat(node.trust().distrust(nodeCertificate.getCertificate().getPublicKey(),
                            nodeCertificate.getCertificate())).isNull();
                    assertThat(node.trust().distrust(own.getPublic(), null)).contains("bare key");
                });
    }

    @Test
    void signaturesMayUseABundleOfTheirOwnWhileLinksArePlain() throws Exception {
        contextRunner.withPropertyValues(bundle("signing")).withPropertyValues(
                "peermesh.security.signatures.ssl-bundle=signing", "peermesh.security.signatures.trust=ca")
                .run(context -> assertThat(context.getBean(MeshNode.class).signingKey().certificate())
                        .isEqualTo(nodeCertificate.getCertificate()));
    }

    @Test
    void aMessageFromAnUntrustedOriginIsCountedAsForged() {
        contextRunner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
                .withPropertyValues("peermesh.security.signatures.trust=keys",
                        "peermesh.security.signatures.private-key=" + pem("PRIVATE KEY", own.getPrivate().getEncoded()),
                        "peermesh.security.signatures.public-key=" + pem("PUBLIC KEY", own.getPublic().getEncoded()),
                        "peermesh.security.signatures.trusted-keys=" + base64(own.getPublic()))
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    MeshNode node = context.getBean(MeshNode.class);
                    try (MeshNode stranger = MeshNode.builder(MeshSettings.builder("test").bindAddress("127.0.0.1")
                            .build()).resolver(new StaticPeerResolver(List.of(node.address())))
                            .signingKey(SigningKey.generateEd25519()).build().start()) {
                        await().until(() -> stranger.state().online());

                        stranger.publish("orders", new byte[] { 1 }, Map.of());

                        await().untilAsserted(() -> assertThat(registry.get("peermesh.messages.dropped")
                                .tag("reason", "forged").functionCounter().count()).isEqualTo(1.0));
                        assertThat(registry.get("peermesh.links.closed").tag("reason", "forged-message")
                                .functionCounter().count()).isEqualTo(1.0);
                    }
                });
    }

    // ---- settings that cannot work ----------------------------------------------------------------------------

    @Test
    void trustKeysWithoutKeysIsRefused() {
        contextRunner.withPropertyValues("peermesh.security.signatures.trust=keys",
                "peermesh.security.signatures.private-key=" + pem("PRIVATE KEY", own.getPrivate().getEncoded()),
                "peermesh.security.signatures.public-key=" + pem("PUBLIC KEY", own.getPublic().getEncoded()))
                .run(context -> assertInvalidProperty(context, "peermesh.security.signatures.trusted-keys")
                        .hasMessageContaining("needs the public keys of the mesh's members"));
    }

    @Test
    void aTrustedKeyThatIsNotAKeyIsRefusedByIndex() {
        contextRunner.withPropertyValues("peermesh.security.signatures.trust=keys",
                "peermesh.security.signatures.private-key=" + pem("PRIVATE KEY", own.getPrivate().getEncoded()),
                "peermesh.security.signatures.public-key=" + pem("PUBLIC KEY", own.getPublic().getEncoded()),
                "peermesh.security.signatures.trusted-keys[0]=" + base64(own.getPublic()),
                "peermesh.security.signatures.trusted-keys[1]=" + Base64.getEncoder().encodeToString(new byte[48]))
                .run(context -> assertInvalidProperty(context, "peermesh.security.signatures.trusted-keys[1]")
                        .hasMessageContaining("not an X.509 SubjectPublicKeyInfo"));
    }

    @Test
    void aNodeThatVerifiesButMayNotSignIsRefused() {
        contextRunner.withPropertyValues("peermesh.security.signatures.trust=keys",
                "peermesh.security.signatures.sign=false")
                .run(context -> assertInvalidProperty(context, "peermesh.security.signatures.sign", false)
                        .hasMessageContaining("must sign its own"));
    }

    @Test
    void signingWithoutAKeyIsRefused() {
        contextRunner.withPropertyValues("peermesh.security.signatures.sign=true")
                .run(context -> assertInvalidProperty(context, "peermesh.security.signatures.private-key")
                        .hasMessageContaining("has no key"));
    }

    @Test
    void aPrivateKeyWithoutItsPublicKeyIsRefused() {
        contextRunner.withPropertyValues(
                "peermesh.security.signatures.private-key=" + pem("PRIVATE KEY", own.getPrivate().getEncoded()))
                .run(context -> assertInvalidProperty(context, "peermesh.security.signatures.public-key")
                        .hasMessageContaining("needs its public key"));
    }

    @Test
    void aPrivateKeyOfAnotherPairIsRefused() {
        contextRunner.withPropertyValues(
                "peermesh.security.signatures.private-key=" + pem("PRIVATE KEY", own.getPrivate().getEncoded()),
                "peermesh.security.signatures.public-key=" + pem("PUBLIC KEY", peer.getPublic().getEncoded()))
                .run(context -> assertInvalidProperty(context, "peermesh.security.signatures.private-key")
                        .hasMessageContaining("does not belong to the public key"));
    }

    @Test
    void aPrivateKeyThatCannotBeReadIsRefused() {
        contextRunner.withPropertyValues("peermesh.security.signatures.private-key=file:/no/such/node.key",
                "peermesh.security.signatures.public-key=" + pem("PUBLIC KEY", own.getPublic().getEncoded()))
                .run(context -> assertInvalidProperty(context, "peermesh.security.signatures.private-key",
                        "file:/no/such/node.key").hasMessageContaining("not a PKCS#8 PEM private key"));
    }

    @Test
    void trustCaWithoutAnSslBundleIsRefused() {
        contextRunner.withPropertyValues("peermesh.security.signatures.trust=ca",
                "peermesh.security.signatures.private-key=" + pem("PRIVATE KEY", own.getPrivate().getEncoded()),
                "peermesh.security.signatures.public-key=" + pem("PUBLIC KEY", own.getPublic().getEncoded()))
                .run(context -> assertInvalidProperty(context, "peermesh.security.signatures.ssl-bundle")
                        .hasMessageContaining("takes the mesh's CA from an SSL bundle"));
    }

    @Test
    void anUnknownSigningBundleIsRefused() {
        contextRunner.withPropertyValues("peermesh.security.signatures.trust=ca",
                "peermesh.security.signatures.ssl-bundle=missing")
                .run(context -> assertInvalidProperty(context, "peermesh.security.signatures.ssl-bundle", "missing")
                        .hasMessageContaining("spring.ssl.bundle.pem.missing"));
    }

    @Test
    void anUnknownTrustValueIsRefusedByBinding() {
        contextRunner.withPropertyValues("peermesh.security.signatures.trust=everyone")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("peermesh.security.signatures.trust"));
    }

    private static String[] bundle(String name) throws Exception {
        String prefix = "spring.ssl.bundle.pem." + name;
        return new String[] { prefix + ".keystore.certificate=file:" + nodeCertificate.toTempCertChainPem(),
                prefix + ".keystore.private-key=file:" + nodeCertificate.toTempPrivateKeyPem(),
                prefix + ".truststore.certificate=file:" + meshCa.toTempRootCertPem() };
    }

    private static String base64(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }
}
