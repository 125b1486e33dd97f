package dev.peermesh.resolver.dns;

/**
 * Which DNS records name a mesh's nodes.
 *
 * <p>{@code DnsSettings.builder("_peermesh._tcp.orders.default.svc.cluster.local").recordType(DnsRecordType.SRV)}
 */
public enum DnsRecordType {

    /** {@link #SRV} when the name starts with {@code _} (as every SRV owner name does), else {@link #A}. */
    AUTO,

    /**
     * A and AAAA records: every address the name resolves to is a node listening on the configured port. Fits a
     * docker-compose service name or a Kubernetes headless service.
     */
    A,

    /**
     * SRV records: each gives a target host and its port, so nodes may listen on different ports. Targets are
     * resolved to their A and AAAA addresses; priority and weight are ignored, since every node is an equal entry
     * point to a mesh.
     */
    SRV;

    /** The type to query for this name: {@link #A} or {@link #SRV}, never {@link #AUTO}. */
    public DnsRecordType forName(String name) {
        if (this != AUTO) {
            return this;
        }
        return name.startsWith("_") ? SRV : A;
    }
}
