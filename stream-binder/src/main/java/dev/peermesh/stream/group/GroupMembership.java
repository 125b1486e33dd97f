package dev.peermesh.stream.group;

import dev.peermesh.MeshMessage;
import dev.peermesh.MeshNode;
import dev.peermesh.NodeId;
import dev.peermesh.Subscription;
import dev.peermesh.log.PeerText;

import java.security.SecureRandom;
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
 * out those of a member that leaves, restarts or goes silent. A new member first listens for the warm-up (two
 * heartbeat intervals) before it announces itself and counts itself in, then claims what it owns of what it kept;
 * meanwhile it handles only what no member it knows would. No message is exchanged per delivery.
 *
 * <p>Silence is measured on the node's delivery clock: the send time of the latest of this node's own heartbeats it
 * has delivered. A delivery thread held up (a slow handler, retries) delays the others' heartbeats and this node's
 * alike, so it never takes a live member for gone.
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

    private final long incarnation = new SecureRandom().nextLong();

    private final Map<GroupKey, Member> members = new HashMap<>();

    private final AtomicLong takenOver = new AtomicLong();

    private final AtomicLong skipped = new AtomicLong();

    private final AtomicLong unreadable = new AtomicLong();

    private final AtomicLong refusedMembers = new AtomicLong();

    /** The send time of the latest own heartbeat delivered here: how far this node's deliveries have got. */
    private long deliveryClock;

    private @Nullable Subscription subscription;

    private @Nullable ScheduledFuture<?> tick;

    private boolean closed;

    /**
     * How often members announce themselves, how long silence means gone, and the bounds.
     *
     * @param heartbeatInterval how often each member announces its groups
     * @param memberTimeout silence after which a member is taken for gone and its messages are taken over
     * @param maxMembers most members known per group
     * @param maxBacklog most messages kept per group for a takeover
     * @param maxBacklogBytes most payload bytes kept per group for a takeover
     */
    public record Settings(Duration heartbeatInterval, Duration memberTimeout, int maxMembers, int maxBacklog,
            long maxBacklogBytes) {

        /** How long messages others own are kept: a silent member is noticed within it. */
        public Duration takeoverWindow() {
            return memberTimeout.plus(heartbeatInterval.multipliedBy(2));
        }

        /** How long a new member listens before it counts itself in. */
        public Duration warmUp() {
            return heartbeatInterval.multipliedBy(2);
        }
    }

    /**
     * Handles a message this node owns; {@code takenOver} when it was another member's first. The binding calls
     * {@link Registration#handled} once the message is processed, so a leave names only what really was.
     */
    @FunctionalInterface
    public interface Handler {

        void handle(MeshMessage message, boolean takenOver);
    }

    /**
     * @param clock milliseconds of a monotonic clock
     * @param scheduler runs the heartbeat, the expiry and the takeovers; shut down when this closes
     */
    public GroupMembership(MeshNode node, Settings settings, LongSupplier clock, ScheduledExecutorService scheduler) {
        this.node = node;
        this.settings = settings;
        this.clock = clock;
        this.scheduler = scheduler;
        this.view = new GroupView(node.nodeId(), settings.memberTimeout().toMillis(), settings.maxMembers());
        this.backlog = new GroupBacklog(settings.maxBacklog(), settings.maxBacklogBytes());
    }

    /** Starts hearing and announcing (once; later calls do nothing). */
    public synchronized void start() {
        if (subscription != null || closed) {
            return;
        }
        deliveryClock = clock.getAsLong();
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

    /** Messages handled here because their owner left, restarted or went silent. */
    public long takenOver() {
        return takenOver.get();
    }

    /** Messages of a silent member not taken over, under {@link DeliveryGuarantee#AT_MOST_ONCE}. */
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

    /** Leaves every group, saying so (with what it handled), and stops its thread. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (tick != null) {
                tick.cancel(false);
            }
            if (subscription != null) {
                subscription.cancel();
                subscription = null;
            }
            Map<GroupKey, Map<Long, Long>> leaving = new LinkedHashMap<>();
            members.forEach((key, member) -> {
                if (member.announced) {
                    leaving.put(key, Map.copyOf(member.marks));
                }
                view.quit(key);
            });
            members.clear();
            announce(List.of(), leaving);
        }
        scheduler.shutdownNow();
    }

    private void tick() {
        if (!node.isRunning()) {
            return; // a stopped node hears no heartbeat: every member would look gone, and it can deliver nothing
        }
        List<Runnable> handOut = new ArrayList<>();
        try {
            synchronized (this) {
                long now = clock.getAsLong();
                List<GroupKey> announcing = new ArrayList<>();
                members.forEach((key, member) -> {
                    if (!member.announced && now >= member.joinAt) {
                        member.announced = true;
                        view.join(key);
                        handOut.addAll(calls(member, backlog.claim(key, view.members(key), node.nodeId()), false));
                    }
                    if (member.announced) {
                        announcing.add(key);
                    }
                });
                backlog.trim(deliveryClock, settings.takeoverWindow().toMillis());
                view.expire(deliveryClock).forEach((key, gone) -> gone.forEach(member -> {
                    log.info("Consumer group {}: member {} silent for {} ms, taking over its messages",
                            PeerText.escape(key), NodeId.format(member), settings.memberTimeout().toMillis());
                    handOut.addAll(takeOver(key, member, Map.of(), false));
                }));
                announce(announcing, Map.of()); // in the lock: a leave never overtakes a join
            }
        }
        catch (RuntimeException ex) {
            log.warn("Consumer groups: a heartbeat round failed: {}", PeerText.escape(ex.toString(), 1024));
        }
        run(handOut);
    }

    private void announcement(MeshMessage message) {
        if (message.isReplayed()) {
            return; // a catch-up's old heartbeat says nothing about now
        }
        long from = message.id().origin();
        GroupAnnouncement.Parsed parsed = GroupAnnouncement.read(message.payload());
        List<Runnable> handOut = new ArrayList<>();
        synchronized (this) {
            if (from == node.nodeId()) {
                deliveryClock = Math.max(deliveryClock, parsed.sentAt());
                return;
            }
            unreadable.addAndGet(parsed.unreadable());
            long now = clock.getAsLong();
            for (GroupKey key : parsed.joined()) {
                if (!members.containsKey(key)) {
                    continue; // only the groups this node is in are tracked
                }
                GroupView.Heard heard = view.heard(key, from, parsed.incarnation(), now);
                if (heard == GroupView.Heard.REFUSED) {
                    refusedMembers.incrementAndGet();
                }
                else if (heard == GroupView.Heard.RESTARTED) {
                    log.info("Consumer group {}: member {} restarted, taking over what it owned before",
                            PeerText.escape(key), NodeId.format(from));
                    handOut.addAll(takeOver(key, from, Map.of(), false));
                }
            }
            parsed.left().forEach((key, marks) -> {
                if (members.containsKey(key) && view.left(key, from)) {
                    handOut.addAll(takeOver(key, from, marks, true));
                }
            });
        }
        run(handOut);
    }

    /** Under the lock: what a gone member owned and this node owns now, as calls to make outside it. */
    private List<Runnable> takeOver(GroupKey key, long gone, Map<Long, Long> handled, boolean leftGracefully) {
        Member member = members.get(key);
        if (member == null) {
            return List.of();
        }
        List<MeshMessage> mine = backlog.reassign(key, gone, handled, view.members(key), node.nodeId());
        if (mine.isEmpty()) {
            return List.of();
        }
        if (member.guarantee == DeliveryGuarantee.AT_MOST_ONCE && !leftGracefully) {
            skipped.addAndGet(mine.size());
            log.warn("Consumer group {}: {} message(s) member {} owned when it went silent are skipped (at-most-once: "
                    + "it may have handled them), the first {}", PeerText.escape(key), mine.size(),
                    NodeId.format(gone), mine.get(0).id());
            return List.of();
        }
        takenOver.addAndGet(mine.size());
        return calls(member, mine, true);
    }

    private static List<Runnable> calls(Member member, List<MeshMessage> messages, boolean takenOver) {
        List<Runnable> calls = new ArrayList<>(messages.size());
        for (MeshMessage message : messages) {
            calls.add(() -> member.handler.handle(message, takenOver));
        }
        return calls;
    }

    private static void run(List<Runnable> calls) {
        for (Runnable call : calls) {
            try {
                call.run();
            }
            catch (RuntimeException ex) {
                log.warn("Consumer groups: a message could not be handed to its binding: {}",
                        PeerText.escape(ex.toString(), 1024));
            }
        }
    }

    /** Under the lock, so announcements leave in the order they were decided. */
    private void announce(List<GroupKey> joined, Map<GroupKey, Map<Long, Long>> left) {
        if (joined.isEmpty() && left.isEmpty() || !node.isRunning()) {
            return;
        }
        node.publishAsync(GroupAnnouncement.TOPIC, GroupAnnouncement.write(joined, incarnation, left,
                clock.getAsLong()), Map.of()).whenComplete((id, ex) -> {
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
                    backlog.add(key, message, owner, deliveryClock);
                    return;
                }
            }
            member.handler.handle(message, false);
        }

        /** The binding processed the message (its function ran, or the error channel took it). */
        public void handled(MeshMessage message) {
            synchronized (GroupMembership.this) {
                Member member = members.get(key);
                if (member != null) {
                    member.marks.merge(message.id().origin(), message.id().sequence(), Math::max);
                }
            }
        }

        /** Leaves the group, saying which messages this node handled, so the others take over only the rest. */
        @Override
        public void close() {
            synchronized (GroupMembership.this) {
                Member member = members.remove(key);
                view.quit(key);
                if (member != null && member.announced) {
                    announce(List.of(), Map.of(key, Map.copyOf(member.marks)));
                }
            }
        }
    }

    private static final class Member {

        final DeliveryGuarantee guarantee;

        final Handler handler;

        final long joinAt;

        boolean announced;

        /** The last sequence handled per origin, the most recently used origins only. */
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
    }
}
