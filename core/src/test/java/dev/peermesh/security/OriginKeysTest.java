package dev.peermesh.security;

import dev.peermesh.security.OriginVerifier.Outcome;
import dev.peermesh.wire.Frame;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing by origins and verification by receivers: what is signed, what a relay may change, and which keys may
 * sign as which origin.
 */
class OriginKeysTest {

    private static final String MESH = "orders";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final OriginIdentity alice = OriginIdentity.create(SigningKey.generateEd25519(), RANDOM);

    private final OriginIdentity bob = OriginIdentity.create(SigningKey.generateEd25519(), RANDOM);

    private final OriginKeys receiver = new OriginKeys(MESH, TrustPolicy.keys(List.of(alice.key().publicKey(),
            bob.key().publicKey())), 100, null);

    @Test
    void aMessageSignedByItsOriginIsAccepted() {
        assertThat(receiver.learn(alice.credential())).isEqualTo(OriginVerifier.Verdict.ACCEPTED);

        assertThat(receiver.verify(signed(alice, 1)).outcome()).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void aRelayMayRaiseTheHopCount() {
        receiver.learn(alice.credential());

        assertThat(receiver.verify(signed(alice, 1).forwarded().forwarded()).outcome()).isEqualTo(Outcome.ACCEPTED);
    }

    static Stream<Arguments> alterations() {
        return Stream.of(
                Arguments.of("payload", (UnaryOperator<Frame.Data>) d -> copy(d, d.topic(), d.headers(),
                        "PAY 1000 TO MALLORY".getBytes(StandardCharsets.UTF_8), d.hopLimit(), d.sequence())),
                Arguments.of("topic", (UnaryOperator<Frame.Data>) d -> copy(d, "orders.cancelled", d.headers(),
                        d.payload(), d.hopLimit(), d.sequence())),
                Arguments.of("a header value", (UnaryOperator<Frame.Data>) d -> copy(d, d.topic(),
                        Map.of("priority", "low", "trace", "t-1"), d.payload(), d.hopLimit(), d.sequence())),
                Arguments.of("an added header", (UnaryOperator<Frame.Data>) d -> copy(d, d.topic(),
                        Map.of("priority", "high", "trace", "t-1", "x", ""), d.payload(), d.hopLimit(), d.sequence())),
                Arguments.of("a removed header", (UnaryOperator<Frame.Data>) d -> copy(d, d.topic(),
                        Map.of("priority", "high"), d.payload(), d.hopLimit(), d.sequence())),
                Arguments.of("the hop limit", (UnaryOperator<Frame.Data>) d -> copy(d, d.topic(), d.headers(),
                        d.payload(), 0, d.sequence())),
                Arguments.of("the sequence number", (UnaryOperator<Frame.Data>) d -> copy(d, d.topic(), d.headers(),
                        d.payload(), d.hopLimit(), d.sequence() + 1)),
                Arguments.of("one bit of the signature", (UnaryOperator<Frame.Data>) d -> {
                    byte[] signature = d.signature().clone();
                    signature[10] ^= 1;
                    return new Frame.Data(d.origin(), d.sequence(), d.hops(), d.hopLimit(), d.topic(), d.headers(),
                            d.payload(), signature);
                }),
                Arguments.of("a truncated signature", (UnaryOperator<Frame.Data>) d -> new Frame.Data(d.origin(),
                        d.sequence(), d.hops(), d.hopLimit(), d.topic(), d.headers(), d.payload(),
                        java.util.Arrays.copyOf(d.signature(), 63))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alterations")
    void aMessageAlteredOnTheWayIsForged(String what, UnaryOperator<Frame.Data> alteration) {
        receiver.learn(alice.credential());

        OriginVerifier.Verdict verdict = receiver.verify(alteration.apply(signed(alice, 1)));

        assertThat(verdict.outcome()).isEqualTo(Outcome.FORGED);
        assertThat(verdict.detail()).contains("does not verify");
    }

    @Test
    void theSignatureCoversTheMeshId() {
        OriginKeys otherMesh = new OriginKeys("payments", TrustPolicy.keys(List.of(alice.key().publicKey())), 10, null);
        otherMesh.learn(alice.credential());

        assertThat(otherMesh.verify(signed(alice, 1)).outcome()).isEqualTo(Outcome.FORGED);
    }

    @Test
    void headersVerifyWhateverOrderTheyTravelIn() {
        receiver.learn(alice.credential());
        Map<String, String> forward = new LinkedHashMap<>();
        forward.put("a", "1");
        forward.put("b", "2");
        forward.put("ü", "3");
        byte[] payload = { 1 };
        byte[] signature = alice.sign(MESH, 1, 0, "t", forward, payload);
        Map<String, String> backward = new LinkedHashMap<>();
        backward.put("ü", "3");
        backward.put("b", "2");
        backward.put("a", "1");

        Frame.Data received = new Frame.Data(alice.nodeId(), 1, 1, 0, "t", backward, payload, signature);

        assertThat(receiver.verify(received).outcome()).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void aMemberCannotSignAsAnotherOriginWithItsOwnValidKey() {
        receiver.learn(alice.credential());
        receiver.learn(bob.credential());
        Frame.Data genuine = signed(alice, 7);
        // Bob signs a message claiming to be Alice's, with his own trusted key.
        byte[] bobsSignature = bob.sign(MESH, 7, 0, genuine.topic(), genuine.headers(), genuine.payload());
        Frame.Data spoofed = new Frame.Data(alice.nodeId(), 7, 1, 0, genuine.topic(), genuine.headers(),
                genuine.payload(), bobsSignature);

        assertThat(receiver.verify(spoofed).outcome()).isEqualTo(Outcome.FORGED);
    }

    @Test
    void aKeyCannotBeSentForAnOriginWhoseIdIsNotDerivedFromIt() {
        // Bob sends his own trusted key as Alice's, with his salt or with Alice's.
        Frame.OriginKey withBobsSalt = new Frame.OriginKey(alice.nodeId(), bob.credential().salt(),
                Frame.OriginKey.PUBLIC_KEY, bob.credential().encoded());
        Frame.OriginKey withAlicesSalt = new Frame.OriginKey(alice.nodeId(), alice.credential().salt(),
                Frame.OriginKey.PUBLIC_KEY, bob.credential().encoded());

        assertThat(receiver.learn(withBobsSalt).outcome()).isEqualTo(Outcome.FORGED);
        assertThat(receiver.learn(withAlicesSalt).detail()).contains("is not that origin's");
        assertThat(receiver.credential(alice.nodeId())).isNull();
    }

    @Test
    void aKeyOutsideTheTrustedSetIsRefused() {
        OriginIdentity mallory = OriginIdentity.create(SigningKey.generateEd25519(), RANDOM);

        OriginVerifier.Verdict verdict = receiver.learn(mallory.credential());

        assertThat(verdict.outcome()).isEqualTo(Outcome.FORGED);
        assertThat(verdict.detail()).contains("is not trusted").contains("not one of the 2 trusted keys");
        assertThat(receiver.verify(signed(mallory, 1)).outcome()).isEqualTo(Outcome.UNKNOWN_ORIGIN);
    }

    @Test
    void aMessageOfAnOriginWhoseKeyIsUnknownCannotBeChecked() {
        OriginVerifier.Verdict verdict = receiver.verify(signed(alice, 1));

        assertThat(verdict.outcome()).isEqualTo(Outcome.UNKNOWN_ORIGIN);
    }

    @Test
    void anUnsignedMessageIsForgedWhereSignaturesAreRequiredAndFineWhereNot() {
        Frame.Data unsigned = new Frame.Data(alice.nodeId(), 1, 1, 0, "t", Map.of(), new byte[0]);
        OriginKeys open = new OriginKeys(MESH, TrustPolicy.none(), 10, null);

        assertThat(receiver.verify(unsigned).detail()).contains("is not signed");
        assertThat(open.verify(unsigned)).isEqualTo(OriginVerifier.Verdict.ACCEPTED);
    }

    @Test
    void withoutVerificationKeysAreStillCheckedAndKeptToPassOn() {
        OriginKeys relay = new OriginKeys(MESH, TrustPolicy.none(), 10, null);
        Frame.OriginKey stolen = new Frame.OriginKey(alice.nodeId(), bob.credential().salt(),
                Frame.OriginKey.PUBLIC_KEY, bob.credential().encoded());

        assertThat(relay.learn(alice.credential())).isEqualTo(OriginVerifier.Verdict.ACCEPTED);
        assertThat(relay.learn(stolen).outcome()).isEqualTo(Outcome.FORGED);
        assertThat(relay.credential(alice.nodeId())).isSameAs(alice.credential());
    }

    @Test
    void aKeyThatIsNotAKeyIsForged() {
        Frame.OriginKey garbage = new Frame.OriginKey(alice.nodeId(), alice.credential().salt(),
                Frame.OriginKey.PUBLIC_KEY, new byte[] { 1, 2, 3 });
        Frame.OriginKey notACertificate = new Frame.OriginKey(alice.nodeId(), alice.credential().salt(),
                Frame.OriginKey.CERTIFICATE, alice.credential().encoded());

        assertThat(receiver.learn(garbage).detail()).contains("cannot be read");
        assertThat(receiver.learn(notACertificate).detail()).contains("cannot be read");
    }

    @Test
    void theNodesOwnMessagesVerifyAndItsKeyIsPassedOnButNotReplaced() {
        OriginKeys own = new OriginKeys(MESH, TrustPolicy.keys(List.of(alice.key().publicKey())), 10, alice);

        assertThat(own.credential(alice.nodeId())).isSameAs(alice.credential());
        assertThat(own.verify(signed(alice, 3)).outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(own.learn(alice.credential())).isEqualTo(OriginVerifier.Verdict.ACCEPTED);
        Frame.OriginKey other = new Frame.OriginKey(alice.nodeId(), bob.credential().salt(),
                Frame.OriginKey.PUBLIC_KEY, bob.credential().encoded());
        assertThat(own.learn(other).outcome()).isEqualTo(Outcome.FORGED);
    }

    @Test
    void theLeastRecentlyHeardOriginIsForgottenFirst() {
        OriginKeys small = new OriginKeys(MESH, TrustPolicy.none(), 2, null);
        OriginIdentity carol = OriginIdentity.create(SigningKey.generateEd25519(), RANDOM);
        small.learn(alice.credential());
        small.learn(bob.credential());
        small.credential(alice.nodeId()); // heard again

        small.learn(carol.credential());

        assertThat(small.size()).isEqualTo(2);
        assertThat(small.credential(bob.nodeId())).isNull();
        assertThat(small.credential(alice.nodeId())).isNotNull();
        assertThat(small.credential(carol.nodeId())).isNotNull();
    }

    static Stream<Arguments> keyAlgorithms() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        KeyPairGenerator ec521 = KeyPairGenerator.getInstance("EC");
        ec521.initialize(521);
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPairGenerator ed448 = KeyPairGenerator.getInstance("Ed448");
        return Stream.of(ec, ec521, rsa, ed448).map(generator -> {
            var pair = generator.generateKeyPair();
            return Arguments.of(pair.getPublic().getAlgorithm() + " " + pair.getPublic().getEncoded().length,
                    SigningKey.of(pair.getPrivate(), pair.getPublic()));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyAlgorithms")
    void ecRsaAndEd448KeysSignAndVerifyToo(String name, SigningKey key) {
        OriginIdentity origin = OriginIdentity.create(key, RANDOM);
        OriginKeys verifier = new OriginKeys(MESH, TrustPolicy.keys(List.of(key.publicKey())), 10, null);

        assertThat(verifier.learn(origin.credential())).isEqualTo(OriginVerifier.Verdict.ACCEPTED);
        Frame.Data message = signed(origin, 1);
        assertThat(message.signature().length).isLessThanOrEqualTo(key.maxSignatureLength());
        assertThat(verifier.verify(message).outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(verifier.verify(copy(message, "x", message.headers(), message.payload(), 0, 1)).outcome())
                .isEqualTo(Outcome.FORGED);
    }

    // ---- sealed messages: one signature over a run's digests ----

    @Test
    void sealedMessagesAreCheckedByTheirDigestsOnceTheirSealIsKnown() {
        receiver.learn(alice.credential());
        List<Frame.Data> run = run(alice, 11, 3);

        assertThat(receiver.learn(seal(alice, run))).isEqualTo(OriginVerifier.Verdict.ACCEPTED);

        for (Frame.Data message : run) {
            assertThat(receiver.verify(message).outcome()).isEqualTo(Outcome.ACCEPTED);
            assertThat(receiver.verify(message.forwarded().forwarded()).outcome()).as("a relay raised the hop count")
                    .isEqualTo(Outcome.ACCEPTED);
        }
    }

    /** The alterations of what a message says, not of its signature: a sealed message has none to alter. */
    static Stream<Arguments> contentAlterations() {
        return alterations().limit(7);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contentAlterations")
    void aSealedMessageAlteredOnTheWayIsForged(String what, UnaryOperator<Frame.Data> alteration) {
        receiver.learn(alice.credential());
        List<Frame.Data> run = run(alice, 1, 2);
        receiver.learn(seal(alice, run));
        Frame.Data altered = alteration.apply(run.get(0));

        OriginVerifier.Verdict verdict = receiver.verify(altered);

        assertThat(verdict.outcome()).isEqualTo(Outcome.FORGED);
        assertThat(verdict.detail()).contains("is not the one its origin sealed");
    }

    @Test
    void aSealedMessageMovedToAnotherPlaceInItsRunIsForged() {
        receiver.learn(alice.credential());
        List<Frame.Data> run = run(alice, 1, 2);
        receiver.learn(seal(alice, run));
        Frame.Data second = run.get(1);

        Frame.Data moved = copy(run.get(0), run.get(0).topic(), second.headers(), "second".getBytes(
                StandardCharsets.UTF_8), second.hopLimit(), 1);

        assertThat(receiver.verify(moved).outcome()).isEqualTo(Outcome.FORGED);
    }

    @Test
    void aSealedMessageBeforeItsSealCannotBeCheckedAndIsNotCalledForged() {
        receiver.learn(alice.credential());

        OriginVerifier.Verdict verdict = receiver.verify(run(alice, 1, 1).get(0));

        assertThat(verdict.outcome()).isEqualTo(Outcome.UNKNOWN_ORIGIN);
        assertThat(verdict.detail()).contains("came before the seal of its origin that covers it");
    }

    @Test
    void aSealWhoseDigestsOrSignatureWereAlteredIsForgedAndChecksNothing() {
        receiver.learn(alice.credential());
        List<Frame.Data> run = run(alice, 1, 2);
        Frame.Seal genuine = seal(alice, run);
        byte[] digests = genuine.digests().clone();
        digests[40] ^= 1;
        byte[] signature = genuine.signature().clone();
        signature[3] ^= 1;

        assertThat(receiver.learn(new Frame.Seal(genuine.origin(), 1, digests, genuine.signature())).outcome())
                .isEqualTo(Outcome.FORGED);
        assertThat(receiver.learn(new Frame.Seal(genuine.origin(), 1, genuine.digests(), signature)).outcome())
                .isEqualTo(Outcome.FORGED);
        assertThat(receiver.learn(new Frame.Seal(genuine.origin(), 2, genuine.digests(), genuine.signature()))
                .outcome()).as("moved to other sequence numbers").isEqualTo(Outcome.FORGED);
        assertThat(receiver.learn(new Frame.Seal(bob.nodeId(), 1, genuine.digests(), genuine.signature()))
                .outcome()).as("claimed by another origin").isIn(Outcome.FORGED, Outcome.UNKNOWN_ORIGIN);
        assertThat(receiver.verify(run.get(0)).outcome()).isEqualTo(Outcome.UNKNOWN_ORIGIN);
        assertThat(receiver.seals()).isZero();
    }

    @Test
    void aSealOfAnOriginWhoseKeyIsNotKnownCannotBeChecked() {
        assertThat(receiver.learn(seal(alice, run(alice, 1, 1))).outcome()).isEqualTo(Outcome.UNKNOWN_ORIGIN);
    }

    @Test
    void aNodeThatDoesNotVerifyMessagesStillChecksSealsBeforeItKeepsAndPassesThemOn() {
        OriginKeys relay = new OriginKeys(MESH, TrustPolicy.none(), 10, null);
        Frame.Seal seal = seal(alice, run(alice, 5, 2));

        assertThat(relay.learn(seal).outcome()).as("before its origin's key").isEqualTo(Outcome.UNKNOWN_ORIGIN);
        relay.learn(alice.credential());
        assertThat(relay.learn(new Frame.Seal(alice.nodeId(), 6, seal.digests(), seal.signature())).outcome())
                .as("planted to shadow the genuine one, for the relay to pass on").isEqualTo(Outcome.FORGED);
        assertThat(relay.seal(alice.nodeId(), 6)).isNull();
        assertThat(relay.learn(seal)).isEqualTo(OriginVerifier.Verdict.ACCEPTED);

        assertThat(relay.seal(alice.nodeId(), 6)).isSameAs(seal);
        assertThat(relay.seal(alice.nodeId(), 7)).isNull();
    }

    @Test
    void aNodeKeepsItsOwnSealsToSendBeforeItsMessages() {
        OriginKeys own = new OriginKeys(MESH, TrustPolicy.keys(List.of(alice.key().publicKey())), 10, alice);
        Frame.Seal seal = seal(alice, run(alice, 1, 4));

        own.sealed(seal);

        assertThat(own.seal(alice.nodeId(), 4)).isSameAs(seal);
        assertThat(own.learn(seal).outcome()).as("the same seal passed back").isEqualTo(Outcome.ACCEPTED);
        assertThat(own.learn(new Frame.Seal(alice.nodeId(), 9, seal.digests(), seal.signature())).outcome())
                .as("a seal in this node's name it did not make").isEqualTo(Outcome.FORGED);
        OriginKeys forgetful = new OriginKeys(MESH, TrustPolicy.none(), 10, alice);
        assertThat(forgetful.learn(seal)).as("its own, evicted here and passed back: it made it")
                .isEqualTo(OriginVerifier.Verdict.ACCEPTED);
        assertThat(forgetful.learn(new Frame.Seal(alice.nodeId(), 9, seal.digests(), seal.signature())).outcome())
                .as("a node that does not verify refuses one in its name too").isEqualTo(Outcome.FORGED);
    }

    @Test
    void aGroupOfSealsCostsOneSignatureCheckAndEachOfItsSealsStandsOnItsOwn() {
        List<Frame.Data> first = run(alice, 1, 3);
        List<Frame.Data> second = run(alice, 4, 2);
        List<Frame.Data> third = run(alice, 6, 1);
        Frame.Seal[] group = alice.seal(MESH, 1, digests(alice, first), digests(alice, second), digests(alice, third));
        receiver.learn(alice.credential());

        for (Frame.Seal seal : group) {
            assertThat(receiver.learn(seal)).isEqualTo(OriginVerifier.Verdict.ACCEPTED);
        }
        assertThat(receiver.sealSignatureChecks()).as("one signature for the group's three seals").isOne();
        assertThat(receiver.verify(second.get(1))).isEqualTo(OriginVerifier.Verdict.ACCEPTED);
        assertThat(receiver.verify(third.get(0))).isEqualTo(OriginVerifier.Verdict.ACCEPTED);

        OriginKeys late = trustingAlice();
        assertThat(late.learn(group[2])).as("alone, as before a pulled message")
                .isEqualTo(OriginVerifier.Verdict.ACCEPTED);
        assertThat(late.verify(third.get(0))).isEqualTo(OriginVerifier.Verdict.ACCEPTED);
        assertThat(late.verify(first.get(0)).outcome()).as("covered by a seal it has not seen")
                .isEqualTo(Outcome.UNKNOWN_ORIGIN);
    }

    @Test
    void aSealThatLeftItsGroupOrWasAlteredAfterItsGroupVerifiedIsForged() {
        Frame.Seal[] group = alice.seal(MESH, 1, digests(alice, run(alice, 1, 3)), digests(alice, run(alice, 4, 2)));
        Frame.Seal second = group[1];
        OriginKeys node = trustingAlice();
        byte[] otherHash = second.others().clone();
        otherHash[0] ^= 1;
        byte[] digest = second.digests().clone();
        digest[40] ^= 1;

        assertThat(node.learn(new Frame.Seal(alice.nodeId(), 4, second.digests(), 1, otherHash, second.signature()))
                .outcome()).as("the other seal's hash altered").isEqualTo(Outcome.FORGED);
        assertThat(node.learn(new Frame.Seal(alice.nodeId(), 4, second.digests(), 0, second.others(),
                second.signature())).outcome()).as("moved to another place in the group").isEqualTo(Outcome.FORGED);
        assertThat(node.learn(new Frame.Seal(alice.nodeId(), 4, second.digests(), second.signature())).outcome())
                .as("passed off as a seal of its own").isEqualTo(Outcome.FORGED);
        assertThat(node.learn(group[0])).isEqualTo(OriginVerifier.Verdict.ACCEPTED);
        assertThat(node.learn(new Frame.Seal(alice.nodeId(), 4, digest, 1, second.others(), second.signature()))
                .outcome()).as("a digest altered, after the group's signature verified").isEqualTo(Outcome.FORGED);
        assertThat(node.learn(new Frame.Seal(alice.nodeId(), 5, second.digests(), 1, second.others(),
                second.signature())).outcome()).as("moved to other sequence numbers").isEqualTo(Outcome.FORGED);
        assertThat(node.learn(second)).isEqualTo(OriginVerifier.Verdict.ACCEPTED);
        assertThat(node.sealSignatureChecks()).as("the five forgeries and the first seal were checked, the genuine"
                + " second seal not").isEqualTo(6);
    }

    private OriginKeys trustingAlice() {
        OriginKeys keys = new OriginKeys(MESH, TrustPolicy.keys(List.of(alice.key().publicKey())), 10, null);
        keys.learn(alice.credential());
        return keys;
    }

    @Test
    void aSealingNodeCountsTheOtherOriginsWhoseGenuineSealsItCheckedSinceItWasLastAsked() {
        OriginIdentity carol = OriginIdentity.create(SigningKey.generateEd25519(), RANDOM);
        OriginKeys node = new OriginKeys(MESH, TrustPolicy.keys(List.of(alice.key().publicKey(),
                bob.key().publicKey(), carol.key().publicKey())), 10, bob);
        node.learn(alice.credential());
        node.learn(carol.credential());
        Frame.Seal first = seal(alice, run(alice, 1, 2));
        node.learn(first);
        node.learn(first); // passed on again by another neighbor
        node.learn(seal(alice, run(alice, 3, 1)));
        Frame.Seal carols = seal(carol, run(carol, 1, 1));
        assertThat(node.learn(new Frame.Seal(carol.nodeId(), 9, carols.digests(), carols.signature())).outcome())
                .isEqualTo(Outcome.FORGED);
        node.learn(seal(bob, run(bob, 1, 1))); // its own, passed back

        assertThat(node.sealersHeard()).as("alice only: not itself, not a forged seal, once for many seals")
                .isOne();
        assertThat(node.sealersHeard()).as("counting again from the last question").isZero();
        OriginKeys relay = new OriginKeys(MESH, TrustPolicy.none(), 10, null);
        relay.learn(alice.credential());
        relay.learn(first);
        assertThat(relay.sealersHeard()).as("a node that does not seal does not count").isZero();
    }

    /** {@code count} sealed messages of {@code origin} from {@code first}, with headers and a payload each. */
    private static List<Frame.Data> run(OriginIdentity origin, long first, int count) {
        List<Frame.Data> run = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, String> headers = Map.of("priority", "high", "trace", "t-" + i);
            byte[] payload = ("pay " + i + " to bob").getBytes(StandardCharsets.UTF_8);
            run.add(new Frame.Data(origin.nodeId(), first + i, 1, 5, "orders.placed", headers, payload,
                    Frame.SEALED));
        }
        return run;
    }

    private static Frame.Seal seal(OriginIdentity origin, List<Frame.Data> run) {
        return origin.seal(MESH, run.get(0).sequence(), digests(origin, run))[0];
    }

    /** The digests of a run's messages, one after another, as a seal holds them. */
    private static byte[] digests(OriginIdentity origin, List<Frame.Data> run) {
        byte[] digests = new byte[run.size() * Frame.DIGEST_LENGTH];
        for (int i = 0; i < run.size(); i++) {
            Frame.Data m = run.get(i);
            System.arraycopy(origin.digest(MESH, m.sequence(), m.hopLimit(), m.topic(), m.headers(), m.payload()), 0,
                    digests, i * Frame.DIGEST_LENGTH, Frame.DIGEST_LENGTH);
        }
        return digests;
    }

    private static Frame.Data signed(OriginIdentity origin, long sequence) {
        Map<String, String> headers = Map.of("priority", "high", "trace", "t-1");
        byte[] payload = "pay 10 to bob".getBytes(StandardCharsets.UTF_8);
        byte[] signature = origin.sign(MESH, sequence, 5, "orders.placed", headers, payload);
        return new Frame.Data(origin.nodeId(), sequence, 1, 5, "orders.placed", headers, payload, signature);
    }

    private static Frame.Data copy(Frame.Data data, String topic, Map<String, String> headers, byte[] payload,
            int hopLimit, long sequence) {
        return new Frame.Data(data.origin(), sequence, data.hops(), hopLimit, topic, headers, payload,
                data.signature());
    }
}
