package dev.peermesh.bench.security;

import dev.peermesh.security.OriginIdentity;
import dev.peermesh.security.OriginKeys;
import dev.peermesh.security.OriginVerifier;
import dev.peermesh.security.SigningKey;
import dev.peermesh.security.TrustPolicy;
import dev.peermesh.wire.Frame;

import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
 * The cost of origin signatures on a message with a 1 KiB payload, a topic and one header: what a publisher pays to
 * sign it ({@link OriginIdentity#sign}) and what every receiver pays to verify it ({@link OriginKeys#verify}), for
 * each key type a node may sign with.
 *
 * <p>Run by {@code dev.peermesh.bench.MicroBenchmarks}, or by JMH's own main with this class's name.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SignatureBenchmark {

    private static final String MESH = "bench";

    private static final String TOPIC = "orders.created";

    private static final Map<String, String> HEADERS = Map.of("content-type", "application/json");

    /** The origin's key: Ed25519 (the default a node generates), EC P-256 or RSA 2048 (typical certificates). */
    @Param({ "Ed25519", "EC-P256", "RSA-2048" })
    public String key;

    private final byte[] payload = new byte[1024];

    private OriginIdentity origin;

    private OriginKeys receiver;

    private Frame.Data message;

    private long sequence;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        new SecureRandom().nextBytes(payload);
        SigningKey signingKey = switch (key) {
            case "Ed25519" -> SigningKey.generateEd25519();
            case "EC-P256" -> pair("EC", 256);
            case "RSA-2048" -> pair("RSA", 2048);
            default -> throw new IllegalArgumentException(key);
        };
        origin = OriginIdentity.create(signingKey, new SecureRandom());
        receiver = new OriginKeys(MESH, TrustPolicy.keys(List.of(signingKey.publicKey())), 16, null);
        if (!receiver.learn(origin.credential()).accepted()) {
            throw new IllegalStateException("the receiver refused the origin's key");
        }
        message = new Frame.Data(origin.nodeId(), 1, 1, 0, TOPIC, HEADERS, payload,
                origin.sign(MESH, 1, 0, TOPIC, HEADERS, payload));
    }

    /** The publisher signs a new message. */
    @Benchmark
    public byte[] sign() {
        return origin.sign(MESH, ++sequence, 0, TOPIC, HEADERS, payload);
    }

    /** A receiver checks a message against its origin's key. */
    @Benchmark
    public Object verify() {
        OriginVerifier.Verdict verdict = receiver.verify(message);
        if (!verdict.accepted()) {
            throw new IllegalStateException(verdict.detail());
        }
        return verdict;
    }

    private static SigningKey pair(String algorithm, int size) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(size);
        var pair = generator.generateKeyPair();
        return SigningKey.of(pair.getPrivate(), pair.getPublic());
    }
}
