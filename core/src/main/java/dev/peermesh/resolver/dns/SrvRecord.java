package dev.peermesh.resolver.dns;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRawRecord;

import java.util.Optional;

/**
 * One SRV record's data (RFC 2782): where one node of the service listens.
 *
 * <p>{@code SrvRecord.decode(raw).ifPresent(srv -> dial(srv.target(), srv.port()))}
 *
 * @param priority lower is preferred (ignored by the mesh: every node is an equal entry point)
 * @param weight share among equal priorities (ignored likewise)
 * @param port the node's port
 * @param target the host name, absolute, with its trailing dot
 */
record SrvRecord(int priority, int weight, int port, String target) {

    /** Fixed part of the record data: priority, weight and port, two bytes each. */
    private static final int FIXED_LENGTH = 6;

    /**
     * Decodes the record data, or returns empty when it is too short, names no target ({@code .}, "no service
     * here") or has port 0. Netty keeps the whole response behind the record data, so a compressed target name
     * decodes too.
     */
    static Optional<SrvRecord> decode(DnsRawRecord record) {
        ByteBuf data = record.content().duplicate();
        if (data.readableBytes() < FIXED_LENGTH + 1) {
            return Optional.empty();
        }
        int priority = data.readUnsignedShort();
        int weight = data.readUnsignedShort();
        int port = data.readUnsignedShort();
        String target;
        try {
            target = DefaultDnsRecordDecoder.decodeName(data);
        }
        catch (RuntimeException ex) {
            return Optional.empty();
        }
        if (port == 0 || target.isEmpty() || ".".equals(target)) {
            return Optional.empty();
        }
        return Optional.of(new SrvRecord(priority, weight, port, target));
    }
}
