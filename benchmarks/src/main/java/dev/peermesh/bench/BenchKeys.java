package dev.peermesh.bench;

import dev.peermesh.security.SigningKey;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;

/**
 * Ed25519 keys made from a node's index, the same in every worker process, so each can trust all the others' keys
 * without exchanging them. For benchmarks only: anyone can compute these keys.
 *
 * <p>{@code SigningKey key = BenchKeys.of(3);}
 */
final class BenchKeys {

    private BenchKeys() {
    }

    static SigningKey of(int index) {
        try {
            SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
            seeded.setSeed(("peermesh benchmark key " + index).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, seeded);
            KeyPair pair = generator.generateKeyPair();
            return SigningKey.of(pair.getPrivate(), pair.getPublic());
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Ed25519 is missing from this JVM", ex);
        }
    }
}
