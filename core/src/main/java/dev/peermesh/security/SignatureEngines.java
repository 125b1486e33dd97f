package dev.peermesh.security;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Signature;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Where a node's signature engines come from: BouncyCastle's for EdDSA and ECDSA, which sign and verify 7 to 17
 * times faster than JDK 17's (Ed25519 37 / 77 µs against 622 / 590 µs, P-256 85 / 81 µs against 534 / 1,018 µs:
 * SignatureProviderBenchmark, docs/benchmarks.md), and the JDK's for RSA, where BouncyCastle is slightly slower. The
 * signatures are the same standard ones either way; BouncyCastle's provider is used as an instance, never installed
 * in the JVM.
 *
 * <p>{@code Signature verifier = SignatureEngines.forAlgorithm("EdDSA");}
 */
final class SignatureEngines {

    private SignatureEngines() {
    }

    /** A fresh engine for a JCA signature algorithm name, as {@link SigningKey#signatureAlgorithm} gives. */
    static Signature forAlgorithm(String algorithm) throws NoSuchAlgorithmException {
        if ("EdDSA".equals(algorithm) || algorithm.endsWith("withECDSA")) {
            return Signature.getInstance(algorithm, BouncyCastle.PROVIDER);
        }
        return Signature.getInstance(algorithm);
    }

    /** Made on first use: a node that never signs nor verifies EdDSA or ECDSA never loads it. */
    private static final class BouncyCastle {

        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
