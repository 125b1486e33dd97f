package dev.peermesh.resolver.server.auth;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;

import dev.peermesh.NodeId;
import dev.peermesh.resolver.server.ResolverClient;
import dev.peermesh.resolver.server.ResolverServerApplication;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.peermesh.security.Certificates.authority;
import static dev.peermesh.security.Certificates.node;
import static dev.peermesh.security.Certificates.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code server.ssl.client-auth=need} with no tokens: a client whose certificate the server's bundle trusts is
 * served without a token; one without a certificate, or with one from another CA, never gets an answer. CA and
 * certificates are made in the test and handed to Spring Boot as PEM files.
 */
class MutualTlsTest {

    private static X509Bundle ca;

    private static X509Bundle otherCa;

    private static ConfigurableApplicationContext server;

    private static URI base;

    @BeforeAll
    static void startServerWithClientCertificatesRequired() throws Exception {
        ca = authority("CN=resolver CA");
        otherCa = authority("CN=another CA");
        X509Bundle serverCertificate = server(ca, "localhost", "127.0.0.1");
        server = new SpringApplicationBuilder(ResolverServerApplication.class).run("--server.port=0",
                "--server.ssl.bundle=resolver", "--server.ssl.client-auth=need",
                "--spring.ssl.bundle.pem.resolver.keystore.certificate=file:"
                        + serverCertificate.toTempCertChainPem().getAbsolutePath(),
                "--spring.ssl.bundle.pem.resolver.keystore.private-key=file:"
                        + serverCertificate.toTempPrivateKeyPem().getAbsolutePath(),
                "--spring.ssl.bundle.pem.resolver.truststore.certificate=file:"
                        + ca.toTempRootCertPem().getAbsolutePath());
        base = URI.create("https://localhost:" + server.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aClientWithATrustedCertificateIsServedWithoutAToken() throws Exception {
        ResolverClient client = client(node(ca, "CN=node").toKeyManagerFactory().getKeyManagers());

        assertThat(client.register("tls", NodeId.format(1), "10.0.0.7:7400").status()).isEqualTo(201);
        assertThat(client.resolveNodeIds("tls", 10)).containsExactly(NodeId.format(1));
    }

    @Test
    void aClientWithoutACertificateGetsNoAnswer() throws Exception {
        ResolverClient client = client(null);

        assertThatThrownBy(() -> client.resolve("tls", 10)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void aClientWithACertificateFromAnotherCaGetsNoAnswer() throws Exception {
        ResolverClient client = client(node(otherCa, "CN=stranger").toKeyManagerFactory().getKeyManagers());

        assertThatThrownBy(() -> client.resolve("tls", 10)).isInstanceOf(UncheckedIOException.class);
    }

    private static ResolverClient client(KeyManager[] keys) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys, ca.toTrustManagerFactory().getTrustManagers(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        return new ResolverClient(http, base, null);
    }
}
