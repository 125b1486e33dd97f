package dev.peermesh.security;

import dev.peermesh.security.OriginVerifier.Outcome;

import io.netty.pkitesting.X509Bundle;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which origin keys each trust policy accepts.
 */
class TrustPolicyTest {

    private static X509Bundle meshCa;

    private static X509Bundle otherCa;

    @BeforeAll
    static void makeAuthorities() throws Exception {
        meshCa = Certificates.authority("CN=mesh CA");
        otherCa = Certificates.authority("CN=someone else's CA");
    }

    @Test
    void theCaPolicyAcceptsACertificateOfTheMeshCaAndItsSignatures() throws Exception {
        OriginIdentity node = OriginIdentity.create(Certificates.signingKey(Certificates.node(meshCa, "CN=node-1")),
                new SecureRandom());
        OriginKeys keys = new OriginKeys("m", TrustPolicy.ca(meshCa.toTrustManagerFactory()), 10, null);

        assertThat(keys.learn(node.credential())).isEqualTo(OriginVerifier.Verdict.ACCEPTED);
        byte[] signature = node.sign("m", 1, 0, "t", java.util.Map.of(), new byte[] { 1 });
        assertThat(keys.verify(new dev.peermesh.wire.Frame.Data(node.nodeId(), 1, 1, 0, "t", java.util.Map.of(),
                new byte[] { 1 }, signature)).outcome()).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void theCaPolicyRefusesACertificateOfAnotherCa() throws Exception {
        X509Bundle stranger = Certificates.node(otherCa, "CN=stranger");

        String why = TrustPolicy.ca(List.of(meshCa.getCertificate())).distrust(stranger.getCertificate().getPublicKey(),
                stranger.getCertificate());

        assertThat(why).contains("is not valid for this mesh's CA");
    }

    @Test
    void theCaPolicyRefusesAnExpiredCertificate() throws Exception {
        X509Bundle expired = Certificates.node(meshCa, "CN=old", Instant.now().minus(Duration.ofDays(1)));

        assertThat(TrustPolicy.ca(List.of(meshCa.getCertificate())).distrust(expired.getCertificate().getPublicKey(),
                expired.getCertificate())).contains("not valid");
    }

    @Test
    void theCaPolicyRefusesABareKeyEvenOfAMember() throws Exception {
        X509Bundle member = Certificates.node(meshCa, "CN=member");
        OriginIdentity bare = OriginIdentity.create(SigningKey.of(member.getKeyPair().getPrivate(),
                member.getKeyPair().getPublic()), new SecureRandom());
        OriginKeys keys = new OriginKeys("m", TrustPolicy.ca(List.of(meshCa.getCertificate())), 10, null);

        assertThat(keys.learn(bare.credential()).detail()).contains("sent a bare key");
    }

    @Test
    void theKeysPolicyAcceptsAListedKeyBareOrInACertificate() throws Exception {
        X509Bundle member = Certificates.node(otherCa, "CN=member");
        TrustPolicy keys = TrustPolicy.keys(List.of(member.getKeyPair().getPublic()));

        assertThat(keys.distrust(member.getKeyPair().getPublic(), null)).isNull();
        assertThat(keys.distrust(member.getCertificate().getPublicKey(), member.getCertificate())).isNull();
        assertThat(keys.distrust(SigningKey.generateEd25519().publicKey(), null)).contains("not one of");
    }

    @Test
    void noneTrustsEveryKeyAndVerifiesNoMessage() {
        assertThat(TrustPolicy.none().verifiesMessages()).isFalse();
        assertThat(TrustPolicy.none().distrust(SigningKey.generateEd25519().publicKey(), null)).isNull();
    }

    @Test
    void aPolicyWithoutKeysOrCasIsAMistake() {
        assertThatThrownBy(() -> TrustPolicy.keys(List.of())).hasMessageContaining("at least one public key");
        assertThatThrownBy(() -> TrustPolicy.ca(List.of())).hasMessageContaining("at least one CA");
    }
}
