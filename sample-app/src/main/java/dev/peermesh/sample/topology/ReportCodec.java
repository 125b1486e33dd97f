package dev.peermesh.sample.topology;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Topology reports to and from JSON. A report read from the mesh is only believed when it is well formed, comes
 * from the node it describes, names at most {@link #MAX_NEIGHBORS} neighbors by valid ids and gives an
 * {@code http(s)} address of sane length; anything else is ignored.
 *
 * <p>{@code codec.decode(message.payload(), origin).ifPresent(map::accept);}
 */
public final class ReportCodec {

    /** Most neighbors a report may name: the engine's upper bound on {@code peermesh.neighbors.max}. */
    public static final int MAX_NEIGHBORS = 64;

    /** Longest web address a report may give. */
    public static final int MAX_URL_LENGTH = 200;

    /** Largest report read; a full one is under 1.5 KiB. */
    public static final int MAX_BYTES = 4096;

    private static final Pattern NODE_ID = Pattern.compile("[0-9a-f]{16}");

    private final JsonMapper json;

    public ReportCodec(JsonMapper json) {
        this.json = json;
    }

    /** The report as UTF-8 JSON. */
    public byte[] encode(TopologyReport report) {
        return json.writeValueAsBytes(report);
    }

    /** The report in these bytes, if it is valid and published by the node it describes. */
    public Optional<TopologyReport> decode(byte[] bytes, String origin) {
        if (bytes.length > MAX_BYTES) {
            return Optional.empty();
        }
        TopologyReport report;
        try {
            report = json.readValue(bytes, TopologyReport.class);
        }
        catch (JacksonException | NullPointerException ex) {
            return Optional.empty();
        }
        if (report == null || !origin.equals(report.nodeId()) || report.neighbors().size() > MAX_NEIGHBORS
                || !report.neighbors().stream().allMatch(id -> id != null && NODE_ID.matcher(id).matches())) {
            return Optional.empty();
        }
        return Optional.of(new TopologyReport(report.nodeId(), url(report.httpUrl()),
                List.copyOf(report.neighbors())));
    }

    private static @Nullable String url(@Nullable String url) {
        if (url == null || url.length() > MAX_URL_LENGTH
                || !(url.startsWith("http://") || url.startsWith("https://"))) {
            return null;
        }
        return url;
    }
}
