package dev.peermesh.resolver.dns;

import dev.peermesh.PeerAddress;
import dev.peermesh.log.PeerText;
import dev.peermesh.resolver.LookupPeerResolver;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.logging.LogLevel;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.LoggingDnsQueryLifeCycleObserverFactory;
import io.netty.resolver.dns.NoopAuthoritativeDnsServerCache;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.NoopDnsCnameCache;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a mesh's nodes in DNS, where the platform publishes them: the A/AAAA records of a docker-compose service or
 * Kubernetes headless service (every replica's IP, on the configured port), or SRV records (a host and port per
 * node). Registration is a no-op, since the platform owns the records. Answers are never cached here: each
 * {@code resolve} asks the name servers, which cache by TTL themselves.
 *
 * <p>Uses Netty's asynchronous DNS client on one thread of its own: it honours {@code /etc/resolv.conf} search
 * domains and {@code ndots} (so short Kubernetes names work), bounds every query with a timeout, and asks for SRV
 * records, none of which the JDK's resolver does.
 *
 * <p>{@code MeshNode.builder(settings).resolver(new DnsPeerResolver(DnsSettings.builder("orders").port(7400).build()))}
 */
public final class DnsPeerResolver implements LookupPeerResolver {

    private static final io.netty.handler.codec.dns.DnsRecordType SRV = io.netty.handler.codec.dns.DnsRecordType.SRV;

    private static final Logger log = LoggerFactory.getLogger(DnsPeerResolver.class);

    /** Logger of every query and its answer code, at DEBUG: how to tell a refused query from a missing name. */
    private static final String QUERY_LOG = "dev.peermesh.resolver.dns.queries";

    private final DnsSettings settings;

    private final MultiThreadIoEventLoopGroup loop;

    private final DnsNameResolver dns;

    private final DnsAnswers answers;

    public DnsPeerResolver(DnsSettings settings) {
        this.settings = settings;
        this.loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("peermesh-dns", true),
                NioIoHandler.newFactory());
        DnsNameResolverBuilder builder = new DnsNameResolverBuilder(loop.next())
                .datagramChannelType(NioDatagramChannel.class)
                .socketChannelType(NioSocketChannel.class)
                .queryTimeoutMillis(settings.queryTimeout().toMillis())
                .resolveCache(NoopDnsCache.INSTANCE)
                .cnameCache(NoopDnsCnameCache.INSTANCE)
                .authoritativeDnsServerCache(NoopAuthoritativeDnsServerCache.INSTANCE)
                .dnsQueryLifecycleObserverFactory(
                        new LoggingDnsQueryLifeCycleObserverFactory(QUERY_LOG, LogLevel.DEBUG))
                .nameServerProvider(settings.servers().isEmpty() ? DnsServerAddressStreamProviders.platformDefault()
                        : new SequentialDnsServerAddressStreamProvider(settings.servers()));
        if (settings.searchDomains() != null) {
            builder.searchDomains(settings.searchDomains());
        }
        try {
            this.dns = builder.build();
        }
        catch (RuntimeException ex) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw ex;
        }
        this.answers = new DnsAnswers(settings);
    }

    /** The settings this resolver was built with. */
    public DnsSettings settings() {
        return settings;
    }




    /**
     * Asks DNS for the configured name, whatever the mesh id (one resolver serves one mesh).
     *
     * @return up to {@code maxAddresses} addresses in random order; empty when the name does not exist
     * @throws DnsLookupException when no server answers in time
     */
    @Override
    public List<PeerAddress> resolve(String meshId, int maxAddresses) {
        long deadline = System.nanoTime() + settings.resolveTimeout().toNanos();
        Set<PeerAddress> found = settings.effectiveRecordType() == DnsRecordType.SRV
                ? resolveSrv(deadline) : addresses(settings.name(), settings.port(), deadline);
        return LookupPeerResolver.sample(found, maxAddresses);
    }

    private Set<PeerAddress> addresses(String name, int port, long deadline) {
        List<InetAddress> resolved = answers.await(dns.resolveAll(name), name, "A/AAAA", deadline);
        Set<PeerAddress> found = new LinkedHashSet<>();
        for (InetAddress address : resolved) {
            found.add(new PeerAddress(address.getHostAddress(), port));
        }
        return found;
    }

    private Set<PeerAddress> resolveSrv(long deadline) {
        String name = settings.name();
        List<DnsRecord> records = answers.await(dns.resolveAll(new DefaultDnsQuestion(name, SRV)),
                name, "SRV", deadline);
        List<SrvRecord> services = new ArrayList<>();
        try {
            for (DnsRecord record : records) {
                if (record.type() == SRV && record instanceof DnsRawRecord) {
                    SrvRecord.decode((DnsRawRecord) record).ifPresent(services::add);
                }
            }
        }
        finally {
            records.forEach(ReferenceCountUtil::release);
        }
        Map<SrvRecord, Future<List<InetAddress>>> lookups = new LinkedHashMap<>();
        for (SrvRecord service : services) {
            lookups.put(service, dns.resolveAll(service.target()));
        }
        Set<PeerAddress> found = new LinkedHashSet<>();
        RuntimeException firstFailure = null;
        for (Map.Entry<SrvRecord, Future<List<InetAddress>>> lookup : lookups.entrySet()) {
            SrvRecord service = lookup.getKey();
            try {
                for (InetAddress address : answers.await(lookup.getValue(), service.target(), "A/AAAA", deadline)) {
                    found.add(new PeerAddress(address.getHostAddress(), service.port()));
                }
            }
            catch (DnsLookupException ex) {
                log.debug("SRV target {} of {} not resolved: {}", PeerText.escape(service.target()), name,
                        ex.getMessage());
                firstFailure = firstFailure == null ? ex : firstFailure;
            }
        }
        if (found.isEmpty() && firstFailure != null) {
            throw firstFailure;
        }
        return found;
    }

    /** Stops the DNS client and its thread. Idempotent. */
    @Override
    public void close() {
        dns.close();
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "DnsPeerResolver[" + settings.effectiveRecordType() + " " + settings.name() + "]";
    }
}
