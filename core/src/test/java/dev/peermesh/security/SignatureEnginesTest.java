package dev.peermesh.security;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignatureEnginesTest {

    private static final byte[] MESSAGE = "peermesh signed content".getBytes(StandardCharsets.UTF_8);

    @Test
    void edDsaIsSignedByBouncyCastleWithSignaturesTheJdkVerifiesAndTheOtherWayRound() throws Exception {
        SigningKey key = SigningKey.generateEd25519();
        Signature fast = SignatureEngines.forAlgorithm("EdDSA");
        assertThat(fast.getProvider().getName()).isEqualTo("BC");

        fast.initSign(key.privateKey());
        fast.update(MESSAGE);
        byte[] fromBouncyCastle = fast.sign();
        Signature jdk = Signature.getInstance("EdDSA");
        jdk.initVerify(key.publicKey());
        jdk.update(MESSAGE);
        assertThat(jdk.verify(fromBouncyCastle)).isTrue();

        jdk.initSign(key.privateKey());
        jdk.update(MESSAGE);
        byte[] fromJdk = jdk.sign();
        fast.initVerify(key.publicKey());
        fast.update(MESSAGE);
        assertThat(fast.verify(fromJdk)).isTrue();
        assertThat(fromBouncyCastle).as("Ed25519 is deterministic: the same signature").isEqualTo(fromJdk);

        fromJdk[5] ^= 1;
        fast.initVerify(key.publicKey());
        fast.update(MESSAGE);
        assertThat(fast.verify(fromJdk)).isFalse();
    }

    @Test
    void ecdsaIsSignedByBouncyCastleWithSignaturesTheJdkVerifiesAndTheOtherWayRound() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair pair = generator.generateKeyPair();
        Signature fast = SignatureEngines.forAlgorithm("SHA256withECDSA");
        assertThat(fast.getProvider().getName()).isEqualTo("BC");
        Signature jdk = Signature.getInstance("SHA256withECDSA");

        fast.initSign(pair.getPrivate());
        fast.update(MESSAGE);
        jdk.initVerify(pair.getPublic());
        jdk.update(MESSAGE);
        assertThat(jdk.verify(fast.sign())).isTrue();

        jdk.initSign(pair.getPrivate());
        jdk.update(MESSAGE);
        fast.initVerify(pair.getPublic());
        fast.update(MESSAGE);
        assertThat(fast.verify(jdk.sign())).isTrue();
    }

    @Test
    void rsaStaysWithTheJdk() throws Exception {
        assertThat(SignatureEngines.forAlgorithm("SHA256withRSA").getProvider().getName()).isEqualTo("SunRsaSign");
    }

    @Test
    void anEd448KeyStillSignsAndVerifies() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed448").generateKeyPair();
        Signature engine = SignatureEngines.forAlgorithm("EdDSA");
        engine.initSign(pair.getPrivate());
        engine.update(MESSAGE);
        byte[] signature = engine.sign();
        Signature jdk = Signature.getInstance("EdDSA");
        jdk.initVerify(pair.getPublic());
        jdk.update(MESSAGE);
        assertThat(jdk.verify(signature)).isTrue();
    }
}
