package dev.peermesh.resolver.server.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import dev.peermesh.NodeId;
import dev.peermesh.PeerAddress;
import dev.peermesh.resolver.server.config.ResolverServerProperties;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The API's rules on ids, addresses and {@code max} ({@code docs/resolver-api.md}, "Identifiers and limits"); each
 * check throws {@link InvalidRequestException} saying what was wrong and what to do.
 *
 * <p>{@code List<String> addresses = rules.addresses(request.addresses());}
 */
@Component
public final class RequestRules {

    /** As {@code dev.peermesh.MeshSettings} accepts mesh ids (its pattern is private there): keep the two equal. */
    static final Pattern MESH_ID = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,253}[A-Za-z0-9])?");

    private static final Pattern REGISTRATION_ID = Pattern.compile("[0-9a-f]{32}");

    /** The header a client sends its registration secret in: only it may then replace its node's registration. */
    static final String SECRET_HEADER = "Peermesh-Registration-Secret";

    /** A registration secret: 22 to 128 URL-safe characters (at least 128 bits in base64url). */
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{22,128}");

    /** Sample size when a resolve gives no {@code max}, as the API says. */
    static final int DEFAULT_MAX = 10;

    private final ResolverServerProperties properties;

    RequestRules(ResolverServerProperties properties) {
        this.properties = properties;
    }

    String meshId(String meshId) {
        if (!MESH_ID.matcher(meshId).matches()) {
            throw new InvalidRequestException("Mesh id '" + shorten(meshId) + "' is not valid; use 1 to 255 "
                    + "letters, digits, '.', '_' or '-', starting and ending with a letter or digit");
        }
        return meshId;
    }

    String registrationId(String registrationId) {
        if (!REGISTRATION_ID.matcher(registrationId).matches()) {
            throw new InvalidRequestException("Registration id '" + shorten(registrationId) + "' is not valid; use "
                    + "the 32 lower-case hex digits that register returned");
        }
        return registrationId;
    }

    /**
     * The owner a registration is stored with: the SHA-256 of the client's registration secret in hex (the secret
     * itself is never kept), or {@code null} when the client sent none.
     */
    @Nullable String owner(@Nullable String secret) {
        if (secret == null) {
            return null;
        }
        if (!SECRET.matcher(secret).matches()) {
            throw new InvalidRequestException("Header " + SECRET_HEADER + " is not a registration secret; send 22 to "
                    + "128 characters of A-Z, a-z, 0-9, '-' and '_' (128 random bits or more), the same on every "
                    + "register call of the client");
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.US_ASCII)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java runtime has SHA-256", ex);
        }
    }

    String nodeId(String nodeId) {
        if (nodeId == null) {
            throw new InvalidRequestException("Field 'nodeId' is missing; give the node's id as 16 lower-case hex "
                    + "digits, for example \"5f1c0e2a9b7d4c31\"");
        }
        if (nodeId.length() != 16 || !nodeId.equals(formatted(nodeId)) || NodeId.parse(nodeId) == 0) {
            throw new InvalidRequestException("Field 'nodeId' is '" + shorten(nodeId) + "', not a node id; give 16 "
                    + "lower-case hex digits, not all zero, for example \"5f1c0e2a9b7d4c31\"");
        }
        return nodeId;
    }

    /** The addresses in their canonical form ({@code PeerAddress.toString()}). */
    List<String> addresses(List<String> addresses) {
        int max = properties.getMaxAddresses();
        if (addresses == null || addresses.isEmpty()) {
            throw new InvalidRequestException("Field 'addresses' is missing or empty; give 1 to " + max
                    + " addresses where the node listens, as \"host:port\" or \"[ipv6]:port\"");
        }
        if (addresses.size() > max) {
            throw new InvalidRequestException("Field 'addresses' has " + addresses.size() + " entries, more than "
                    + max + " (peermesh.resolver-server.max-addresses); give only the addresses peers can reach");
        }
        List<String> canonical = new ArrayList<>(addresses.size());
        for (int i = 0; i < addresses.size(); i++) {
            String address = addresses.get(i);
            if (address == null) {
                throw new InvalidRequestException("Field 'addresses[" + i + "]' is null; give \"host:port\"");
            }
            try {
                canonical.add(PeerAddress.parse(address).toString());
            }
            catch (IllegalArgumentException ex) {
                throw new InvalidRequestException("Field 'addresses[" + i + "]' is not valid: " + ex.getMessage());
            }
        }
        return canonical;
    }

    int max(String max) {
        int limit = properties.getMaxResolve();
        if (max == null) {
            return Math.min(DEFAULT_MAX, limit);
        }
        int value;
        try {
            value = Integer.parseInt(max.trim());
        }
        catch (NumberFormatException ex) {
            throw new InvalidRequestException("Query parameter 'max' is '" + shorten(max) + "', not a number; give "
                    + "1 to " + limit);
        }
        if (value < 1 || value > limit) {
            throw new InvalidRequestException("Query parameter 'max' is " + value + "; give 1 to " + limit
                    + " (peermesh.resolver-server.max-resolve)");
        }
        return value;
    }

    private static String formatted(String nodeId) {
        try {
            return NodeId.format(NodeId.parse(nodeId));
        }
        catch (NumberFormatException ex) {
            return "";
        }
    }

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
