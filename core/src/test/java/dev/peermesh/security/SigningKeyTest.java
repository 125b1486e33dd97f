package dev.peermesh.security;

import io.netty.pkitesting.X509Bundle;

import java.security.KeyPairGenerator;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signing keys and the node ids derived from them.
 */
class SigningKeyTest {

    @Test
    void aPrivateKeyOfAnotherPairIsRefused() {
        SigningKey one = SigningKey.generateEd25519();
        SigningKey two = SigningKey.generateEd25519();

        assertThatThrownBy(() -> SigningKey.of(one.privateKey(), two.publicKey()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong to the public key");
    }

    @Test
    void aPrivateKeyThatIsNotTheCertificatesIsRefused() throws Exception {
        X509Bundle ca = Certificates.authority("CN=ca");
        X509Bundle node = Certificates.node(ca, "CN=node");
        X509Bundle other = Certificates.node(ca, "CN=other");

        assertThatThrownBy(() -> SigningKey.of(other.getKeyPair().getPrivate(), node.getCertificate()))
                .hasMessageContaining("does not belong to the certificate of CN=node");
    }

    @Test
    void aKeyAlgorithmThatCannotSignMessagesIsRefused() throws Exception {
        var dh = KeyPairGenerator.getInstance("XDH").generateKeyPair();

        assertThatThrownBy(() -> SigningKey.of(dh.getPrivate(), dh.getPublic()))
                .hasMessageContaining("cannot sign messages; use an Ed25519, EC or RSA key");
    }

    @Test
    void nodesSharingAKeyGetDifferentIdsEachBoundToTheKey() {
        SigningKey shared = SigningKey.generateEd25519();
        OriginIdentity one = OriginIdentity.create(shared, new SecureRandom());
        OriginIdentity two = OriginIdentity.create(shared, new SecureRandom());

        assertThat(one.nodeId()).isNotEqualTo(two.nodeId()).isNotZero();
        assertThat(OriginIdentity.originId(one.credential().salt(), shared.publicKey().getEncoded()))
                .isEqualTo(one.nodeId());
        assertThat(one.credential().origin()).isEqualTo(one.nodeId());
    }

    @Test
    void anEd25519KeySignsIn64Bytes() {
        SigningKey key = SigningKey.generateEd25519();
        OriginIdentity identity = OriginIdentity.create(key, new SecureRandom());

        assertThat(key.maxSignatureLength()).isEqualTo(64);
        assertThat(identity.sign("m", 1, 0, "t", java.util.Map.of(), new byte[0])).hasSize(64);
    }
}
