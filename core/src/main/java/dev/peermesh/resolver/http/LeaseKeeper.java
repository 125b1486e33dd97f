package dev.peermesh.resolver.http;

import dev.peermesh.NodeId;
import dev.peermesh.resolver.PeerRegistration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Keeps registrations alive: renews each lease once a third of it has run, registers again when the server
 * forgot a registration, and retries a failed call after a doubling wait (with jitter, capped) — so a node that
 * starts before its resolver server, or outlives a server restart, ends up registered without anyone's help.
 */
final class LeaseKeeper {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final ResolverClient client;
    private final ScheduledExecutorService timer;
    private final Duration firstRetry;
    private final Duration lastRetry;
    private final Map<Key, Kept> kept = new ConcurrentHashMap<>();

    LeaseKeeper(ResolverClient client, ScheduledExecutorService timer, Duration firstRetry, Duration lastRetry) {
        this.client = client;
        this.timer = timer;
        this.firstRetry = firstRetry;
        this.lastRetry = lastRetry;
    }

    /** Registers (or renews) now, on the caller's thread, and keeps the registration alive from then on. */
    void keep(PeerRegistration registration) {
        // a forget() or abandon() racing with this call may cancel the entry found; then the next one is made
        while (!kept.computeIfAbsent(Key.of(registration), key -> new Kept(registration)).renewNow(registration)) {
            Thread.onSpinWait();
        }
    }

    /** Stops renewing, without a word to the server. */
    void abandon(PeerRegistration registration) {
        Kept gone = kept.remove(Key.of(registration));
        if (gone != null) {
            gone.cancel();
        }
    }

    /** Stops renewing and withdraws the registration, if the server gave one. */
    void forget(PeerRegistration registration) {
        Kept gone = kept.remove(Key.of(registration));
        if (gone != null) {
            String registrationId = gone.cancel();
            if (registrationId != null) {
                client.unregister(registration.meshId(), registrationId);
            }
        }
    }

    /** How many registrations are kept. */
    int size() {
        return kept.size();
    }

    /** The id the server gave a registration, or null when it has none yet. */
    @Nullable String registrationId(PeerRegistration registration) {
        Kept entry = kept.get(Key.of(registration));
        return entry == null ? null : entry.registrationId;
    }

    private record Key(String meshId, long nodeId) {
        static Key of(PeerRegistration registration) {
            return new Key(registration.meshId(), registration.nodeId());
        }
    }

    /** One registration's lease, renewed by one task at a time. */
    private final class Kept {

        private PeerRegistration registration;
        private @Nullable String registrationId;
        private @Nullable ScheduledFuture<?> next;
        private int failures;
        private boolean cancelled;

        Kept(PeerRegistration registration) {
            this.registration = registration;
        }

        /** Renews now; false when the entry was forgotten meanwhile (the caller then starts a new one). */
        synchronized boolean renewNow(PeerRegistration latest) {
            if (cancelled) {
                return false;
            }
            registration = latest;
            renew(true);
            return true;
        }

        private synchronized void renewLater() {
            if (!cancelled) {
                try {
                    renew(false);
                }
                catch (RuntimeException ex) {
                    // renew() already logged it and planned the retry
                }
            }
        }

        private void renew(boolean rethrow) {
            if (next != null) {
                next.cancel(false);
            }
            try {
                Lease lease = registrationId == null ? client.register(registration) : refreshOrRegister();
                registrationId = lease.registrationId();
                failures = 0;
                schedule(lease.duration().dividedBy(3));
            }
            catch (RuntimeException ex) {
                failures++;
                Duration wait = backOff();
                log.warn("Resolver server {} could not keep node {} registered in mesh '{}' (attempt {}): {}; "
                        + "retrying in {} ms", client.server(), NodeId.format(registration.nodeId()),
                        registration.meshId(), failures, ex.getMessage(), wait.toMillis());
                schedule(wait);
                if (rethrow) {
                    throw ex;
                }
            }
        }

        private Lease refreshOrRegister() {
            try {
                return client.refresh(registration, registrationId);
            }
            catch (RegistrationGoneException ex) {
                log.info("Resolver server {} forgot registration {} of node {}; registering again", client.server(),
                        registrationId, NodeId.format(registration.nodeId()));
                registrationId = null;
                return client.register(registration);
            }
        }

        private Duration backOff() {
            long doubled = firstRetry.toMillis() << Math.min(failures - 1, 20);
            long capped = Math.min(doubled, lastRetry.toMillis());
            // up to a quarter less, so nodes that lost the server together do not come back together
            return Duration.ofMillis(capped - ThreadLocalRandom.current().nextLong(capped / 4 + 1));
        }

        private void schedule(Duration delay) {
            try {
                next = timer.schedule(this::renewLater, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
            }
            catch (RejectedExecutionException ex) {
                log.debug("Lease of node {} not renewed: the resolver is closed", NodeId.format(registration.nodeId()));
            }
        }

        synchronized @Nullable String cancel() {
            cancelled = true;
            if (next != null) {
                next.cancel(false);
            }
            return registrationId;
        }
    }
}
