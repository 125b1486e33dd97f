package dev.peermesh.autoconfigure;

import dev.peermesh.MeshNode;
import dev.peermesh.security.SigningKey;
import dev.peermesh.security.TrustPolicy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Gives a node builder its signing key and trust policy from {@code peermesh.security.signatures.*}. A value that
 * cannot work fails start-up with the property, the value and what to do.
 */
final class OriginSignatures {

    private static final String PREFIX = "peermesh.security.signatures.";

    private static final Pattern PEM_PUBLIC_KEY = Pattern.compile(
            "-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

    private static final String[] KEY_ALGORITHMS = { "EdDSA", "EC", "RSA" };

    private final SignatureProperties properties;

    private final @Nullable String bundleName;

    private final Supplier<@Nullable SslBundles> bundles;

    private final ResourceLoader resources;

    OriginSignatures(PeermeshProperties properties, Supplier<@Nullable SslBundles> bundles, ResourceLoader resources) {
        this.properties = properties.getSecurity().getSignatures();
        String own = this.properties.getSslBundle();
        this.bundleName = own != null && !own.isBlank() ? own : properties.getSsl().getBundle();
        this.bundles = bundles;
        this.resources = resources;
    }

    /** Sets the node's signing key and trust policy, when the properties ask for them. */
    void applyTo(MeshNode.Builder builder) {
        SignatureProperties.Trust trust = properties.getTrust() != null ? properties.getTrust()
                : SignatureProperties.Trust.NONE;
        boolean verifies = trust != SignatureProperties.Trust.NONE;
        Boolean sign = properties.getSign();
        if (Boolean.FALSE.equals(sign) && verifies) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "sign", false, "a node that verifies its "
                    + "peers' signatures (trust '" + name(trust) + "') must sign its own, or they refuse its messages; "
                    + "remove peermesh.security.signatures.sign or set trust to 'none'");
        }
        if (sign == null ? verifies || present(properties.getPrivateKey()) : sign) {
            builder.signingKey(signingKey());
        }
        switch (trust) {
            case KEYS -> builder.trust(TrustPolicy.keys(trustedKeys()));
            case CA -> builder.trust(TrustPolicy.ca(bundle("trust 'ca' takes the mesh's CA from an SSL bundle's "
                    + "trust store").getManagers().getTrustManagerFactory()));
            case NONE -> builder.trust(TrustPolicy.none());
        }
    }

    // ---- the signing key --------------------------------------------------------------------------------------

    private SigningKey signingKey() {
        if (present(properties.getPrivateKey())) {
            return pemKey();
        }
        if (bundleName == null || bundleName.isBlank()) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "private-key", null, "this node signs its "
                    + "messages but has no key; set peermesh.security.signatures.private-key and public-key, or an "
                    + "SSL bundle (peermesh.ssl.bundle) whose key signs");
        }
        return bundleKey(bundle("the node signs with the key of an SSL bundle"));
    }

    private SigningKey pemKey() {
        String value = properties.getPrivateKey();
        PrivateKey privateKey;
        try {
            privateKey = pem(value).getPrivateKey();
        }
        catch (IOException | RuntimeException ex) {
            throw invalid("private-key", value, "it is not a PKCS#8 PEM private key or the location of one ("
                    + ex.getMessage() + ")");
        }
        if (privateKey == null) {
            throw invalid("private-key", value, "it holds no private key; give a PKCS#8 PEM ('-----BEGIN PRIVATE "
                    + "KEY-----') or the location of one");
        }
        String publicValue = properties.getPublicKey();
        if (!present(publicValue)) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "public-key", null, "private-key needs its "
                    + "public key: set peermesh.security.signatures.public-key to its PEM or the location of one");
        }
        List<PublicKey> publicKeys = publicKeys("public-key", publicValue);
        if (publicKeys.size() != 1) {
            throw invalid("public-key", publicValue, "it holds " + publicKeys.size() + " keys; give exactly one");
        }
        try {
            return SigningKey.of(privateKey, publicKeys.get(0));
        }
        catch (IllegalArgumentException ex) {
            throw invalid("private-key", value, ex.getMessage());
        }
    }

    private SigningKey bundleKey(SslBundle bundle) {
        try {
            KeyStore store = bundle.getStores().getKeyStore();
            if (store == null) {
                throw invalidBundle("it has no key store, so no key to sign with");
            }
            String alias = bundle.getKey().getAlias();
            if (alias == null) {
                alias = Collections.list(store.aliases()).stream().filter(a -> isKey(store, a)).findFirst()
                        .orElseThrow(() -> invalidBundle("its key store holds no private key to sign with"));
            }
            String password = bundle.getKey().getPassword() != null ? bundle.getKey().getPassword()
                    : bundle.getStores().getKeyStorePassword();
            Key key = store.getKey(alias, password != null ? password.toCharArray() : new char[0]);
            Certificate certificate = store.getCertificate(alias);
            if (!(key instanceof PrivateKey privateKey) || !(certificate instanceof X509Certificate x509)) {
                throw invalidBundle("its entry '" + alias + "' is not a private key with an X.509 certificate");
            }
            return SigningKey.of(privateKey, x509);
        }
        catch (GeneralSecurityException | IllegalArgumentException ex) {
            throw invalidBundle("its key cannot sign: " + ex.getMessage());
        }
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        }
        catch (GeneralSecurityException ex) {
            return false;
        }
    }

    // ---- trust ------------------------------------------------------------------------------------------------

    private List<PublicKey> trustedKeys() {
        List<String> values = properties.getTrustedKeys();
        if (values == null || values.isEmpty()) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "trusted-keys", null, "trust 'keys' needs "
                    + "the public keys of the mesh's members: list them in peermesh.security.signatures.trusted-keys "
                    + "(base64 SubjectPublicKeyInfo, PEM, or PEM file locations)");
        }
        List<PublicKey> keys = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            keys.addAll(publicKeys("trusted-keys[" + i + "]", values.get(i)));
        }
        return keys;
    }

    /** The keys in a value: base64 DER, PEM text, or the location of a PEM file. */
    private List<PublicKey> publicKeys(String property, String value) {
        String text = value.strip();
        List<byte[]> encoded = new ArrayList<>();
        try {
            if (!text.contains("-----BEGIN") && !looksLikeBase64(text)) {
                text = read(text);
            }
            Matcher pem = PEM_PUBLIC_KEY.matcher(text);
            while (pem.find()) {
                encoded.add(Base64.getMimeDecoder().decode(pem.group(1)));
            }
            if (encoded.isEmpty()) {
                if (text.contains("-----BEGIN")) {
                    throw invalid(property, value, "it holds no '-----BEGIN PUBLIC KEY-----' block");
                }
                encoded.add(Base64.getMimeDecoder().decode(text));
            }
        }
        catch (IOException | IllegalArgumentException ex) {
            throw invalid(property, value, "it is neither a base64 public key, a PEM, nor a readable location ("
                    + ex.getMessage() + ")");
        }
        List<PublicKey> keys = new ArrayList<>();
        for (byte[] key : encoded) {
            keys.add(publicKey(property, value, key));
        }
        return keys;
    }

    private static PublicKey publicKey(String property, String value, byte[] encoded) {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(encoded));
            }
            catch (GeneralSecurityException ex) {
                // try the next algorithm
            }
        }
        throw invalid(property, value, "it is not an X.509 SubjectPublicKeyInfo of an Ed25519, EC or RSA key");
    }

    private static boolean looksLikeBase64(String text) {
        return text.matches("[A-Za-z0-9+/=\\s]+") && text.length() >= 40;
    }

    // ---- sources ----------------------------------------------------------------------------------------------

    private SslBundle bundle(String why) {
        if (bundleName == null || bundleName.isBlank()) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "ssl-bundle", null, why + "; set "
                    + "peermesh.ssl.bundle or peermesh.security.signatures.ssl-bundle");
        }
        SslBundles all = bundles.get();
        try {
            if (all == null) {
                throw new NoSuchSslBundleException(bundleName, "no SSL bundles are configured");
            }
            return all.getBundle(bundleName);
        }
        catch (NoSuchSslBundleException ex) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "ssl-bundle", bundleName, "there is no SSL "
                    + "bundle of that name; define spring.ssl.bundle.pem." + bundleName + " or spring.ssl.bundle.jks."
                    + bundleName);
        }
    }

    private InvalidConfigurationPropertyValueException invalidBundle(String reason) {
        return new InvalidConfigurationPropertyValueException(PREFIX + "ssl-bundle", bundleName,
                "the SSL bundle cannot sign messages: " + reason);
    }

    private PemContent pem(String value) throws IOException {
        return PemContent.isPresentInText(value) ? PemContent.of(value) : PemContent.of(read(value));
    }

    private String read(String location) throws IOException {
        Resource resource = resources.getResource(location);
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InvalidConfigurationPropertyValueException invalid(String property, String value, String reason) {
        return new InvalidConfigurationPropertyValueException(PREFIX + property, abbreviate(value), reason);
    }

    /** PEM text in an error message says nothing useful past its first line. */
    private static String abbreviate(String value) {
        String line = value.strip().lines().findFirst().orElse("");
        return line.length() > 60 ? line.substring(0, 60) + "…" : line + (value.strip().contains("\n") ? "…" : "");
    }

    private static boolean present(@Nullable String value) {
        return value != null && !value.isBlank();
    }

    private static String name(SignatureProperties.Trust trust) {
        return trust.name().toLowerCase(java.util.Locale.ROOT);
    }
}
