package dev.peermesh.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Origin signatures ({@code peermesh.security.signatures.*}): whether this node signs what it publishes, with which
 * key, and whose signed messages it accepts. See {@code docs/security.md}.
 */
public class SignatureProperties {

    /** Which origins' messages are accepted. */
    public enum Trust {
        /** Nothing is verified (the default). */
        NONE,
        /** Messages signed by one of peermesh.security.signatures.trusted-keys. */
        KEYS,
        /** Messages signed with the key of a certificate issued by a CA of the SSL bundle's trust store. */
        CA
    }

    /**
     * Which origins' messages this node accepts: 'none' verifies nothing; 'keys' accepts messages signed by one of
     * the trusted-keys; 'ca' accepts messages signed with the key of a certificate issued by a CA of the SSL bundle's
     * trust store. With 'keys' or 'ca', a message that fails verification is dropped and the link it came on closed.
     */
    private Trust trust = Trust.NONE;

    /**
     * Whether this node signs the messages it publishes. Defaults to true when trust is 'keys' or 'ca' (a node that
     * verifies must sign), and to whether private-key is set otherwise.
     */
    private @Nullable Boolean sign;

    /**
     * Private key this node signs with (PKCS#8 PEM): the PEM text or a resource location such as
     * 'file:/etc/mesh/node.key'. Ed25519, EC and RSA keys are supported. Without it, the SSL bundle's key signs.
     */
    private @Nullable String privateKey;

    /** Public key of private-key (X.509 SubjectPublicKeyInfo PEM): the PEM text or a resource location. */
    private @Nullable String publicKey;

    /**
     * Public keys whose signatures are accepted when trust is 'keys': each a base64-encoded X.509
     * SubjectPublicKeyInfo, a PEM text, or the location of a PEM file (which may hold several keys).
     */
    private List<String> trustedKeys = new ArrayList<>();

    /**
     * SSL bundle whose key signs (when private-key is not set) and whose trust store holds the CA (trust 'ca').
     * Defaults to peermesh.ssl.bundle.
     */
    private @Nullable String sslBundle;

    /**
     * Whether a signing node seals its messages: one signature over the SHA-256 digests of each run of messages it
     * hands the mesh at once, sent on each link before them, so that every receiver checks each message by its
     * digest (about 40 times cheaper than a signature each). False signs every message on its own. Receivers accept
     * both.
     */
    private boolean seal = true;

    /**
     * Least time between two seals: a run published within it of the last seal waits for its end, unless 512
     * messages are waiting, so that under load runs grow and receivers check fewer seals. 0 seals every run at once.
     */
    private Duration sealInterval = Duration.ofMillis(3);

    /**
     * Seals a second each node aims to check, from all origins together: a sealing node that heard seals of n other
     * origins in the last second seals at most every n / seal-check-rate seconds when that is longer than
     * seal-interval (10 ms with 8 origins publishing), so the receivers' cost stays about a tenth of a core however
     * many origins publish, and a message waits longer for its seal instead.
     */
    private int sealCheckRate = 700;

    public int getSealCheckRate() { return sealCheckRate; }
    public void setSealCheckRate(int sealCheckRate) { this.sealCheckRate = sealCheckRate; }

    public Duration getSealInterval() { return sealInterval; }
    public void setSealInterval(Duration sealInterval) { this.sealInterval = sealInterval; }
    public boolean isSeal() { return seal; }
    public void setSeal(boolean seal) { this.seal = seal; }
    public Trust getTrust() { return trust; }
    public void setTrust(Trust trust) { this.trust = trust; }
    public @Nullable Boolean getSign() { return sign; }
    public void setSign(@Nullable Boolean sign) { this.sign = sign; }
    public @Nullable String getPrivateKey() { return privateKey; }
    public void setPrivateKey(@Nullable String privateKey) { this.privateKey = privateKey; }
    public @Nullable String getPublicKey() { return publicKey; }
    public void setPublicKey(@Nullable String publicKey) { this.publicKey = publicKey; }
    public List<String> getTrustedKeys() { return trustedKeys; }
    public void setTrustedKeys(List<String> trustedKeys) { this.trustedKeys = trustedKeys; }
    public @Nullable String getSslBundle() { return sslBundle; }
    public void setSslBundle(@Nullable String sslBundle) { this.sslBundle = sslBundle; }
}
