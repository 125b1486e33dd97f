package dev.peermesh.resolver.server.observe;

import java.util.Set;

/**
 * The resolver server's meter names and tags, in one place. No meter is tagged with a mesh id: mesh ids are chosen
 * by clients, so such tags would grow without bound.
 *
 * <p>{@code registry.get(MeterNames.REQUESTS).tag(MeterNames.OPERATION, "register").timer()}
 */
public final class MeterNames {

    /** Timer of API requests, tagged {@link #OPERATION} and {@link #OUTCOME}. */
    public static final String REQUESTS = "peermesh.resolver.server.requests";

    /** Gauge of live registrations in all meshes. */
    public static final String REGISTRATIONS = "peermesh.resolver.server.registrations";

    /** Gauge of meshes with at least one live registration. */
    public static final String MESHES = "peermesh.resolver.server.meshes";

    /** Counter of requests refused before they were served, tagged {@link #REASON} ({@code rate-limit}). */
    public static final String REJECTED = "peermesh.resolver.server.rejected";

    /** Tag: why a request was refused. */
    public static final String REASON = "reason";

    /** Tag: register, refresh, unregister or resolve. */
    public static final String OPERATION = "operation";

    /** Tag: one of {@link #OUTCOMES}. */
    public static final String OUTCOME = "outcome";

    /**
     * Every outcome: success (2xx), invalid (400 and other refusals of the request's form), not_found (404),
     * conflict (409 for another node's registration), limit (409 for a full mesh or too many meshes), error (5xx).
     */
    public static final Set<String> OUTCOMES = Set.of("success", "invalid", "not_found", "conflict", "limit",
            "error");

    private MeterNames() {
    }
}
