package dev.peermesh.stream.group;

import dev.peermesh.MeshMessage;
import dev.peermesh.MeshNode;
import dev.peermesh.NodeId;
import dev.peermesh.Subscription;
import dev.peermesh.log.PeerText;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's consumer groups and what it knows of the other members: it announces its groups every heartbeat
 * interval on {@link GroupAnnouncement#TOPIC}, hears the others', decides for each message whether it is the owner
 * ({@link Rendezvous} over the members it knows), keeps the messages others own for the takeover window, and hands
 * out those of a member that leaves or goes silent. A new member first listens for the warm-up (two heartbeat
 * intervals) before it announces itself and counts itself in: meanwhile it handles only what no member it knows
 * would. No message is exchanged per delivery.
 *
 * <p>{@code GroupMembership.Registration orders = groups.register(key, AT_LEAST_ONCE, handler); orders.offer(m);}
 */
public final class GroupMembership implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupMembership.class);

    private final MeshNode node;

    private final Settings settings;

    private final LongSupplier clock;

    private final ScheduledExecutorService scheduler;

    private final GroupView view;

    private final GroupBacklog backlog;

    private final Map<GroupKey, Member> members = new HashMap<>();

    private final AtomicLong takenOver = new AtomicLong();

    private final AtomicLong skipped = new AtomicLong();

    private final AtomicLong unreadable = new AtomicLong();

    private final AtomicLong refusedMembers = new AtomicLong();

    private @Nullable Subscription subscription;

    private @Nullable ScheduledFuture<?> tick;

    /**
     * How often members announce themselves, how long silence means gone, and the bounds.
     *
     * @param heartbeatInterval how often each member announces its groups
     * @param memberTimeout silence after which a member is taken for gone and its messages are taken over
     * @param maxMembers most members known per group
     * @param maxBacklog most messages kept per group for a takeover
     */
    public record Settings(Duration heartbeatInterval, Duration memberTimeout, int maxMembers, int maxBacklog) {

        /** How long messages others own are kept: a silent member is noticed within it. */
        public Duration takeoverWindow() {
            return memberTimeout.plus(heartbeatInterval.multipliedBy(2));
        }

        /** How long a new member listens before it counts itself in. */
        public Duration warmUp() {
            return heartbeatInterval.multipliedBy(2);
        }
    }

    /** Handles a message this node owns; {@code takenOver} when it was another member's first. */
    @FunctionalInterface
    public interface Handler {

        void handle(MeshMessage message, boolean takenOver);
    }

    /**
     * @param clock milliseconds of a monotonic clock
     * @param scheduler runs the heartbeat, the expiry and the takeovers
     */
    public GroupMembership(MeshNode node, Settings settings, LongSupplier clock, ScheduledExecutorService scheduler) {
        this.node = node;
        this.settings = settings;
        this.clock = clock;
        this.scheduler = scheduler;
        this.view = new GroupView(node.nodeId(), settings.memberTimeout().toMillis(), settings.maxMembers());
        this.backlog = new GroupBacklog(settings.maxBacklog());
    }

    /** Starts hearing and announcing. */
    public synchronized void start() {
        if (subscription != null) {
            return;
        }
        subscription = node.subscribe(GroupAnnouncement.TOPIC, this::announcement);
        long every = settings.heartbeatInterval().toMillis();
        tick = scheduler.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Makes this node a member of the group; its messages go to {@link Registration#offer}.
     *
     * @throws IllegalStateException when this node is already a member (one binding per group and destination)
     */
    public synchronized Registration register(GroupKey key, DeliveryGuarantee guarantee, Handler handler) {
        if (members.containsKey(key)) {
            throw new IllegalStateException("Consumer group " + key + " is bound twice on this node; bind it once");
        }
        members.put(key, new Member(guarantee, handler, clock.getAsLong() + settings.warmUp().toMillis()));
        return new Registration(key);
    }

    /** The group's members as this node knows them. */
    public synchronized List<Long> members(GroupKey key) {
        return List.copyOf(view.members(key));
    }

    /** Messages handled here because their owner left or went silent. */
    public long takenOver() {
        return takenOver.get();
    }

    /** Messages of a silent member not handled by anyone, under {@link DeliveryGuarantee#AT_MOST_ONCE}. */
    public long skipped() {
        return skipped.get();
    }

    /** Messages kept now for a takeover. */
    public synchronized int backlog() {
        return backlog.size();
    }

    /** Messages that fell out of a full backlog before their window ended (a takeover could not see them). */
    public synchronized long backlogOverflowed() {
        return backlog.overflowed();
    }

    /** Announcement lines that could not be read, and members not added to a full group. */
    public long ignored() {
        return unreadable.get() + refusedMembers.get();
    }

    /** Leaves every group, saying so, and stops. */
    @Override
    public void close() {
        Map<GroupKey, Map<Long, Long>> leaving = new LinkedHashMap<>();
        synchronized (this) {
            if (tick != null) {
                tick.cancel(false);
            }
            if (subscription != null) {
                subscription.cancel();
            }
            members.forEach((key, member) -> {
                if (member.announced) {
                    leaving.put(key, Map.copyOf(member.marks));
                }
                view.quit(key);
            });
            members.clear();
        }
        announce(List.of(), leaving);
    }

    private void tick() {
        if (!node.isRunning()) {
            return; // a stopped node hears no heartbeat: every member would look gone, and it can deliver nothing
        }
        try {
            List<GroupKey> announcing = new ArrayList<>();
            List<Runnable> handOut = new ArrayList<>();
            synchronized (this) {
                long now = clock.getAsLong();
                members.forEach((key, member) -> {
                    if (!member.announced && now >= member.joinAt) {
                        member.announced = true;
                        view.join(key);
                    }
                    if (member.announced) {
                        announcing.add(key);
                    }
                });
                view.expire(now).forEach((key, gone) -> gone.forEach(member -> {
                    log.info("Consumer group {}: member {} silent for {} ms, taking over its messages",
                            PeerText.escape(key), NodeId.format(member), settings.memberTimeout().toMillis());
                    handOut.addAll(takeOver(key, member, Map.of()));
                }));
                backlog.trim(now, settings.takeoverWindow().toMillis());
            }
            handOut.forEach(Runnable::run);
            announce(announcing, Map.of());
        }
        catch (RuntimeException ex) {
            log.warn("Consumer groups: a heartbeat round failed: {}", ex.toString());
        }
    }

    private void announcement(MeshMessage message) {
        long from = message.id().origin();
        if (from == node.nodeId()) {
            return;
        }
        GroupAnnouncement.Parsed parsed = GroupAnnouncement.read(message.payload());
        unreadable.addAndGet(parsed.unreadable());
        List<Runnable> handOut = new ArrayList<>();
        synchronized (this) {
            long now = clock.getAsLong();
            for (GroupKey key : parsed.joined()) {
                if (!view.heard(key, from, now)) {
                    refusedMembers.incrementAndGet();
                }
            }
            parsed.left().forEach((key, marks) -> {
                if (view.left(key, from)) {
                    handOut.addAll(takeOver(key, from, marks));
                }
            });
        }
        handOut.forEach(Runnable::run);
    }

    /** Under the lock: what a gone member owned and this node owns now, as calls to make outside it. */
    private List<Runnable> takeOver(GroupKey key, long gone, Map<Long, Long> handled) {
        Member member = members.get(key);
        if (member == null) {
            return List.of();
        }
        List<MeshMessage> mine = backlog.reassign(key, gone, handled, view.members(key), node.nodeId());
        if (mine.isEmpty()) {
            return List.of();
        }
        if (member.guarantee == DeliveryGuarantee.AT_MOST_ONCE) {
            skipped.addAndGet(mine.size());
            log.warn("Consumer group {}: {} message(s) of member {} not handled by anyone (at-most-once), the first "
                    + "{}", PeerText.escape(key), mine.size(), NodeId.format(gone), mine.get(0).id());
            return List.of();
        }
        List<Runnable> calls = new ArrayList<>(mine.size());
        for (MeshMessage message : mine) {
            member.mark(message);
            calls.add(() -> {
                takenOver.incrementAndGet();
                member.handler.handle(message, true);
            });
        }
        return calls;
    }

    private void announce(List<GroupKey> joined, Map<GroupKey, Map<Long, Long>> left) {
        if (joined.isEmpty() && left.isEmpty() || !node.isRunning()) {
            return;
        }
        node.publishAsync(GroupAnnouncement.TOPIC, GroupAnnouncement.write(joined, left), Map.of())
                .whenComplete((id, ex) -> {
                    if (ex != null) {
                        log.debug("Consumer groups: announcement not sent: {}", ex.toString());
                    }
                });
    }

    /** One binding's membership of a group. */
    public final class Registration implements AutoCloseable {

        private final GroupKey key;

        private Registration(GroupKey key) {
            this.key = key;
        }

        /** Hands the message to the handler when this node owns it, else keeps it for a takeover. */
        public void offer(MeshMessage message) {
            Member member;
            synchronized (GroupMembership.this) {
                member = members.get(key);
                if (member == null) {
                    return;
                }
                long owner = Rendezvous.owner(view.members(key), message.id());
                if (owner != node.nodeId() && owner != 0) {
                    backlog.add(key, message, owner, clock.getAsLong());
                    return;
                }
                member.mark(message);
            }
            member.handler.handle(message, false);
        }

        /** Leaves the group, saying which messages this node handled, so the others take over only the rest. */
        @Override
        public void close() {
            Member member;
            synchronized (GroupMembership.this) {
                member = members.remove(key);
                view.quit(key);
            }
            if (member != null && member.announced) {
                announce(List.of(), Map.of(key, Map.copyOf(member.marks)));
            }
        }
    }

    private static final class Member {

        final DeliveryGuarantee guarantee;

        final Handler handler;

        final long joinAt;

        boolean announced;

        /** The last sequence handled per origin, the most recent origins only. */
        final Map<Long, Long> marks = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
                return size() > GroupAnnouncement.MAX_MARKS;
            }
        };

        Member(DeliveryGuarantee guarantee, Handler handler, long joinAt) {
            this.guarantee = guarantee;
            this.handler = handler;
            this.joinAt = joinAt;
        }

        void mark(MeshMessage message) {
            marks.merge(message.id().origin(), message.id().sequence(), Math::max);
        }
    }
}
