package dev.peermesh.protocol.link;

import dev.peermesh.protocol.link.MeshKey.Role;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * The mesh key and the handshake proofs made with it. PBKDF2 is slow on purpose, so each key is derived once.
 */
class MeshKeyTest {

    private static final String MESH = "orders";
    private static final String PASSWORD = "s3cret!Pass";

    private static final MeshKey KEY = MeshKey.derive(MESH, PASSWORD);
    private static final MeshKey SAME_INPUTS = MeshKey.derive(MESH, PASSWORD);
    private static final MeshKey OTHER_PASSWORD = MeshKey.derive(MESH, "s3cret!Pass2");
    private static final MeshKey OTHER_MESH = MeshKey.derive("orders-eu", PASSWORD);

    private static final byte[] N1 = nonce(1);
    private static final byte[] N2 = nonce(2);
    private static final long INITIATOR = 0x1111L;
    private static final long RESPONDER = 0x2222L;

    @Test
    void sameMeshAndPasswordGiveTheSameProofOnEveryNode() {
        byte[] proof = KEY.proof(Role.INITIATOR, N1, N2, INITIATOR, RESPONDER);

        assertThat(KEY.proof(Role.INITIATOR, N1, N2, INITIATOR, RESPONDER)).isEqualTo(proof);
        assertThat(SAME_INPUTS.proof(Role.INITIATOR, N1, N2, INITIATOR, RESPONDER)).isEqualTo(proof);
        assertThat(proof).hasSize(32);
    }

    @Test
    void proofsMadeOnSeveralThreadsAtOnceAreTheProofsMadeOneAtATime() throws Exception {
        byte[] initiator = KEY.proof(Role.INITIATOR, N1, N2, INITIATOR, RESPONDER);
        byte[] responder = KEY.proof(Role.RESPONDER, N1, N2, INITIATOR, RESPONDER);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(threads.submit(() -> {
                    boolean same = true;
                    for (int i = 0; i < 500; i++) {
                        same &= Arrays.equals(KEY.proof(Role.INITIATOR, N1, N2, INITIATOR, RESPONDER), initiator);
                        same &= Arrays.equals(KEY.proof(Role.RESPONDER, N1, N2, INITIATOR, RESPONDER), responder);
                    }
                    return same;
                }));
            }
            for (Future<Boolean> run : runs) {
                assertThat(run.get(30, TimeUnit.SECONDS)).isTrue();
            }
        }
        finally {
            threads.shutdownNow();
        }
    }

    @Test
    void everyInputChangesTheProof() {
        byte[] proof = KEY.proof(Role.INITIATOR, N1, N2, INITIATOR, RESPONDER);

        assertThat(KEY.proof(Role.INITIATOR, nonce(3), N2, INITIATOR, RESPONDER)).as("initiator nonce")
                .isNotEqualTo(proof);
        assertThat(KEY.proof(Role.INITIATOR, N1, nonce(3), INITIATOR, RESPONDER)).as("responder nonce")
                .isNotEqualTo(proof);
        assertThat(KEY.proof(Role.INITIATOR, N2, N1, INITIATOR, RESPONDER)).as("nonces swapped")
                .isNotEqualTo(proof);
        assertThat(KEY.proof(Role.RESPONDER, N1, N2, INITIATOR, RESPONDER)).as("role").isNotEqualTo(proof);
        assertThat(KEY.proof(Role.INITIATOR, N1, N2, 0x3333L, RESPONDER)).as("initiator id").isNotEqualTo(proof);
        assertThat(KEY.proof(Role.INITIATOR, N1, N2, INITIATOR, 0x3333L)).as("responder id").isNotEqualTo(proof);
        assertThat(KEY.proof(Role.INITIATOR, N1, N2, RESPONDER, INITIATOR)).as("ids swapped").isNotEqualTo(proof);
        assertThat(OTHER_PASSWORD.proof(Role.INITIATOR, N1, N2, INITIATOR, RESPONDER)).as("password")
                .isNotEqualTo(proof);
        assertThat(OTHER_MESH.proof(Role.INITIATOR, N1, N2, INITIATOR, RESPONDER)).as("mesh id")
                .isNotEqualTo(proof);
    }

    @Test
    void verifyAcceptsTheMatchingProof() {
        byte[] proof = SAME_INPUTS.proof(Role.RESPONDER, N1, N2, INITIATOR, RESPONDER);

        assertThat(KEY.verify(proof, Role.RESPONDER, N1, N2, INITIATOR, RESPONDER)).isTrue();
    }

    @Test
    void verifyRejectsAProofWithAnyBitAltered() {
        byte[] proof = KEY.proof(Role.INITIATOR, N1, N2, INITIATOR, RESPONDER);

        for (int bit = 0; bit < proof.length * 8; bit++) {
            byte[] altered = proof.clone();
            altered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(KEY.verify(altered, Role.INITIATOR, N1, N2, INITIATOR, RESPONDER)).as("bit %d", bit).isFalse();
        }
    }

    @Test
    void verifyRejectsTruncatedEmptyAndReflectedProofs() {
        byte[] proof = KEY.proof(Role.INITIATOR, N1, N2, INITIATOR, RESPONDER);

        assertThat(KEY.verify(Arrays.copyOf(proof, 31), Role.INITIATOR, N1, N2, INITIATOR, RESPONDER))
                .isFalse();
        assertThat(KEY.verify(new byte[0], Role.INITIATOR, N1, N2, INITIATOR, RESPONDER)).isFalse();
        assertThat(KEY.verify(proof, Role.RESPONDER, N1, N2, INITIATOR, RESPONDER)).as("reflected").isFalse();
    }

    @Test
    void verifyRejectsAProofMadeWithAnotherPassword() {
        byte[] forged = OTHER_PASSWORD.proof(Role.INITIATOR, N1, N2, INITIATOR, RESPONDER);

        assertThat(KEY.verify(forged, Role.INITIATOR, N1, N2, INITIATOR, RESPONDER)).isFalse();
    }

    @Test
    void openMeshWithoutPasswordWorksAndIsNotPasswordProtected() {
        MeshKey open = MeshKey.derive(MESH, null);
        MeshKey alsoOpen = MeshKey.derive(MESH, "");

        byte[] proof = open.proof(Role.INITIATOR, N1, N2, INITIATOR, RESPONDER);

        assertThat(open.passwordProtected()).isFalse();
        assertThat(KEY.passwordProtected()).isTrue();
        assertThat(alsoOpen.verify(proof, Role.INITIATOR, N1, N2, INITIATOR, RESPONDER)).isTrue();
        assertThat(KEY.verify(proof, Role.INITIATOR, N1, N2, INITIATOR, RESPONDER)).as("open vs protected")
                .isFalse();
        assertThat(MeshKey.derive("orders-eu", null).verify(proof, Role.INITIATOR, N1, N2, INITIATOR, RESPONDER))
                .as("open meshes differ by mesh id").isFalse();
    }

    @Test
    void meshIdIsRequired() {
        assertThatNullPointerException().isThrownBy(() -> MeshKey.derive(null, PASSWORD))
                .withMessageContaining("meshId");
    }

    private static byte[] nonce(int seed) {
        byte[] nonce = new byte[32];
        new Random(seed).nextBytes(nonce);
        return nonce;
    }
}
