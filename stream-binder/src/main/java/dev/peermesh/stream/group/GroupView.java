package dev.peermesh.stream.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The members of each group as this node knows them: a member is added by its heartbeat and removed when it says
 * it leaves or has been silent longer than the member timeout; one heard with a new incarnation has restarted.
 * This node is a member of the groups it joined. Times are milliseconds of a monotonic clock, given by the caller;
 * no thread, no clock.
 *
 * <p>{@code view.heard(key, node, now); long owner = Rendezvous.owner(view.members(key), id);}
 */
public final class GroupView {

    private final long self;

    private final long memberTimeoutMillis;

    private final int maxMembers;

    private final Map<GroupKey, Map<Long, Long>> lastHeard = new HashMap<>();

    private final Map<Long, Long> incarnations = new HashMap<>();

    /** Each group's members as {@link #members} answers them, made again only when the membership changes. */
    private final Map<GroupKey, Set<Long>> memberSets = new HashMap<>();

    /** What a heartbeat did to the view. */
    public enum Heard {
        /** The member was known, or is added now. */
        MEMBER,
        /** The member was known with another incarnation: it restarted, and what it owned before is lost to it. */
        RESTARTED,
        /** The group is full; the member was not added. */
        REFUSED
    }

    private final Set<GroupKey> joined = new java.util.HashSet<>();

    /**
     * @param self this node's id
     * @param memberTimeoutMillis how long a member may be silent before it is taken for gone
     * @param maxMembers most members kept per group; heartbeats from more are ignored (and counted by the caller)
     */
    public GroupView(long self, long memberTimeoutMillis, int maxMembers) {
        this.self = self;
        this.memberTimeoutMillis = memberTimeoutMillis;
        this.maxMembers = maxMembers;
    }

    /** This node is a member of the group from now on. */
    public void join(GroupKey key) {
        joined.add(key);
        memberSets.remove(key);
    }

    /** This node is no member of the group any more. */
    public void quit(GroupKey key) {
        joined.remove(key);
        memberSets.remove(key);
    }

    /** Whether this node is a member. */
    public boolean joined(GroupKey key) {
        return joined.contains(key);
    }

    /**
     * A member's heartbeat for the group, from an incarnation of it (a number it draws when it starts).
     *
     * @return {@link Heard#RESTARTED} when the member was known with another incarnation (the caller takes its
     *         messages over as a gone member's; the new incarnation is a member now)
     */
    public Heard heard(GroupKey key, long member, long incarnation, long nowMillis) {
        if (member == self) {
            return Heard.MEMBER;
        }
        Map<Long, Long> members = lastHeard.computeIfAbsent(key, k -> new HashMap<>());
        if (!members.containsKey(member) && members.size() >= maxMembers) {
            return Heard.REFUSED;
        }
        Long before = incarnations.put(member, incarnation);
        if (members.put(member, nowMillis) == null) {
            memberSets.remove(key);
        }
        return before != null && before != incarnation ? Heard.RESTARTED : Heard.MEMBER;
    }

    /**
     * A member said it leaves the group.
     *
     * @return whether it was a member
     */
    public boolean left(GroupKey key, long member) {
        Map<Long, Long> members = lastHeard.get(key);
        boolean was = members != null && members.remove(member) != null;
        if (was) {
            memberSets.remove(key);
        }
        if (was && lastHeard.values().stream().noneMatch(m -> m.containsKey(member))) {
            incarnations.remove(member);
        }
        return was;
    }

    /** The members silent longer than the member timeout, removed now, by group. */
    public Map<GroupKey, List<Long>> expire(long nowMillis) {
        Map<GroupKey, List<Long>> expired = new HashMap<>();
        for (Map.Entry<GroupKey, Map<Long, Long>> group : lastHeard.entrySet()) {
            group.getValue().entrySet().removeIf(member -> {
                if (nowMillis - member.getValue() > memberTimeoutMillis) {
                    expired.computeIfAbsent(group.getKey(), k -> new ArrayList<>()).add(member.getKey());
                    return true;
                }
                return false;
            });
        }
        memberSets.keySet().removeAll(expired.keySet());
        lastHeard.values().removeIf(Map::isEmpty);
        incarnations.keySet().removeIf(member -> lastHeard.values().stream().noneMatch(m -> m.containsKey(member)));
        return expired;
    }

    /**
     * The group's members as this node knows them, itself included when it joined, in id order; the same set until
     * the membership changes (each message asks, so it is not made anew each time).
     */
    public Set<Long> members(GroupKey key) {
        return memberSets.computeIfAbsent(key, this::collect);
    }

    private Set<Long> collect(GroupKey key) {
        Set<Long> members = new TreeSet<>();
        Map<Long, Long> heard = lastHeard.get(key);
        if (heard != null) {
            members.addAll(heard.keySet());
        }
        if (joined.contains(key)) {
            members.add(self);
        }
        return java.util.Collections.unmodifiableSet(members);
    }
}
