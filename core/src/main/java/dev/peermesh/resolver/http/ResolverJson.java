package dev.peermesh.resolver.http;

import dev.peermesh.NodeId;
import dev.peermesh.PeerAddress;
import dev.peermesh.resolver.PeerRegistration;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/** The JSON bodies of the resolver API (docs/resolver-api.md), written and read with Jackson's streaming core. */
final class ResolverJson {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern REGISTRATION_ID = Pattern.compile("[0-9a-f]{32}");

    private ResolverJson() {
    }

    /** {@code {"nodeId": "…", "addresses": ["host:port"]}} */
    static byte[] registration(PeerRegistration registration) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartObject();
            json.writeName("nodeId");
            json.writeString(NodeId.format(registration.nodeId()));
            json.writeName("addresses");
            json.writeStartArray();
            json.writeString(registration.address().toString());
            json.writeEndArray();
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    /** Reads {@code {"registrationId": "…", "leaseSeconds": 600, …}}. */
    static Lease lease(byte[] body) {
        String registrationId = null;
        long leaseSeconds = -1;
        try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), body)) {
            expect(json.nextToken(), JsonToken.START_OBJECT);
            for (String name = json.nextName(); name != null; name = json.nextName()) {
                JsonToken value = json.nextToken();
                if (name.equals("registrationId") && value == JsonToken.VALUE_STRING) {
                    registrationId = json.getString();
                }
                else if (name.equals("leaseSeconds") && value == JsonToken.VALUE_NUMBER_INT) {
                    leaseSeconds = json.getLongValue();
                }
                else {
                    json.skipChildren();
                }
            }
        }
        catch (JacksonException ex) {
            throw new IllegalArgumentException("not JSON: " + ex.getOriginalMessage());
        }
        if (registrationId == null || !REGISTRATION_ID.matcher(registrationId).matches() || leaseSeconds < 1) {
            throw new IllegalArgumentException("no valid registrationId (32 hex digits) and leaseSeconds (≥ 1)");
        }
        return new Lease(registrationId, Duration.ofSeconds(leaseSeconds));
    }

    /** Reads {@code {"peers": [{"nodeId": "…", "addresses": ["host:port", …]}, …]}}: each peer's first address. */
    static List<PeerAddress> peers(byte[] body) {
        List<PeerAddress> peers = new ArrayList<>();
        try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), body)) {
            expect(json.nextToken(), JsonToken.START_OBJECT);
            for (String name = json.nextName(); name != null; name = json.nextName()) {
                if (json.nextToken() == JsonToken.START_ARRAY && name.equals("peers")) {
                    for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
                        PeerAddress first = token == JsonToken.START_OBJECT ? firstAddress(json) : skipped(json);
                        if (first != null) {
                            peers.add(first);
                        }
                    }
                }
                else {
                    json.skipChildren();
                }
            }
        }
        catch (JacksonException ex) {
            throw new IllegalArgumentException("not JSON: " + ex.getOriginalMessage());
        }
        return peers;
    }

    /** Reads one peer object, from just after its start to its end. */
    private static @Nullable PeerAddress firstAddress(JsonParser json) {
        PeerAddress first = null;
        for (String name = json.nextName(); name != null; name = json.nextName()) {
            if (json.nextToken() == JsonToken.START_ARRAY && name.equals("addresses")) {
                for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
                    if (token == JsonToken.VALUE_STRING && first == null) {
                        first = parsedOrNull(json.getString());
                    }
                    else {
                        json.skipChildren();
                    }
                }
            }
            else {
                json.skipChildren();
            }
        }
        return first;
    }

    /** Skips an entry of the peers array that is not a peer object: one bad entry must not hide the others. */
    private static @Nullable PeerAddress skipped(JsonParser json) {
        json.skipChildren();
        return null;
    }

    /** An address the engine accepts, or null: one bad entry must not spoil the whole answer. */
    private static @Nullable PeerAddress parsedOrNull(String text) {
        try {
            return PeerAddress.parse(text);
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static void expect(JsonToken token, JsonToken expected) {
        if (token != expected) {
            throw new IllegalArgumentException("expected " + expected + " but found " + token);
        }
    }
}
