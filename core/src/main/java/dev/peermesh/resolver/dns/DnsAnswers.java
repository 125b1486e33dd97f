package dev.peermesh.resolver.dns;

import dev.peermesh.log.PeerText;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.resolver.dns.DnsErrorCauseException;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;
import io.netty.util.concurrent.Future;

import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a DNS lookup until the resolve deadline and sorts its outcome: records, "no such name" (no records,
 * not an error), or a {@link DnsLookupException} that says what went wrong and what to check.
 */
final class DnsAnswers {

    private static final Logger log = LoggerFactory.getLogger(DnsAnswers.class);

    private final DnsSettings settings;

    DnsAnswers(DnsSettings settings) {
        this.settings = settings;
    }

    /**
     * The lookup's records, or an empty list when the name or records of that type do not exist.
     *
     * @throws DnsLookupException on a timeout, a server error, or when the thread is interrupted
     */
    <T> List<T> await(Future<List<T>> lookup, String name, String type, long deadline) {
        // An SRV target is the DNS server's text: escaped for the messages and log lines below.
        String shown = PeerText.escape(name);
        boolean done;
        try {
            done = lookup.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            lookup.cancel(false);
            Thread.currentThread().interrupt();
            throw new DnsLookupException("DNS lookup of " + type + " records for '" + shown + "' was interrupted", ex);
        }
        if (!done) {
            lookup.cancel(false);
            throw new DnsLookupException(noAnswer(shown, type, "within the resolve timeout of "
                    + settings.resolveTimeout()));
        }
        if (lookup.isSuccess()) {
            return lookup.getNow();
        }
        Throwable cause = lookup.cause();
        if (has(cause, DnsNameResolverTimeoutException.class)) {
            throw new DnsLookupException(noAnswer(shown, type, "within the query timeout of "
                    + settings.queryTimeout()), cause);
        }
        DnsErrorCauseException error = find(cause, DnsErrorCauseException.class);
        if (error != null && error.getCode() != DnsResponseCode.NXDOMAIN) {
            throw new DnsLookupException("DNS server answered " + error.getCode() + " for " + type + " records of '"
                    + shown + "' (" + servers() + "); check the name server", cause);
        }
        if (cause instanceof UnknownHostException) {
            log.debug("No {} records for '{}' ({}); the name does not exist, has no such records, or the server "
                    + "refused: logger dev.peermesh.resolver.dns.queries at DEBUG shows each answer", type, shown,
                    PeerText.escape(cause.getMessage()));
            return List.of();
        }
        throw new DnsLookupException("DNS lookup of " + type + " records for '" + shown + "' failed: "
                + PeerText.escape(cause), cause);
    }

    private String noAnswer(String name, String type, String when) {
        return "No DNS answer for " + type + " records of '" + name + "' " + when + " from " + servers()
                + "; check that the name server is reachable (peermesh.resolver.dns.servers) or raise "
                + "peermesh.resolver.dns.query-timeout";
    }

    private String servers() {
        return settings.servers().isEmpty() ? "the system's name servers (/etc/resolv.conf)"
                : "name servers " + settings.servers();
    }

    private static boolean has(Throwable thrown, Class<? extends Throwable> type) {
        return find(thrown, type) != null;
    }

    private static <E extends Throwable> @Nullable E find(Throwable thrown, Class<E> type) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
