package dev.peermesh.bench.security;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The JDK's signature engines against BouncyCastle's, on the same keys and a 1 KiB message (about what
 * {@link SignatureBenchmark} signs): which provider a node should sign and verify with, for each key type. The keys
 * are the JDK's, as a node's are; BouncyCastle's provider is used as an instance, never installed.
 *
 * <p>Run by {@code dev.peermesh.bench.MicroBenchmarks}, or by JMH's own main with this class's name.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SignatureProviderBenchmark {

    /** The key type. */
    @Param({ "Ed25519", "EC-P256", "RSA-2048" })
    public String key;

    /** Whose engine signs and verifies. */
    @Param({ "JDK", "BouncyCastle" })
    public String provider;

    private final byte[] message = new byte[1100];

    private KeyPair pair;

    private Signature signer;

    private Signature verifier;

    private byte[] signature;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        new SecureRandom().nextBytes(message);
        String algorithm = switch (key) {
            case "Ed25519" -> "Ed25519";
            case "EC-P256" -> "SHA256withECDSA";
            default -> "SHA256withRSA";
        };
        KeyPairGenerator generator = switch (key) {
            case "Ed25519" -> KeyPairGenerator.getInstance("Ed25519");
            case "EC-P256" -> sized("EC", 256);
            default -> sized("RSA", 2048);
        };
        pair = generator.generateKeyPair();
        Provider bc = provider.equals("JDK") ? null : new BouncyCastleProvider();
        signer = bc == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, bc);
        verifier = bc == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, bc);
        signer.initSign(pair.getPrivate());
        verifier.initVerify(pair.getPublic());
        signature = sign();
        // Either provider's signature verifies with the JDK: the choice changes nothing on the wire.
        Signature jdk = Signature.getInstance(algorithm);
        jdk.initVerify(pair.getPublic());
        jdk.update(message);
        if (!jdk.verify(signature)) {
            throw new IllegalStateException(provider + "'s " + key + " signature does not verify with the JDK");
        }
    }

    private static KeyPairGenerator sized(String algorithm, int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(bits);
        return generator;
    }

    /** Signs the message. */
    @Benchmark
    public byte[] sign() throws Exception {
        signer.update(message);
        return signer.sign();
    }

    /** Verifies its signature. */
    @Benchmark
    public boolean verify() throws Exception {
        verifier.update(message);
        if (!verifier.verify(signature)) {
            throw new IllegalStateException("the signature no longer verifies");
        }
        return true;
    }
}
