package dev.peermesh.stream.group;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a member says about its groups, as the text payload of a message on {@value #TOPIC}: one line per group it
 * is in ({@code join}), and for a group it leaves, {@code leave} with the last sequence it handled of each origin,
 * so the others skip what it already handled; first its incarnation (drawn when it started: a new one means it
 * restarted) and when it sent it by its own clock. A line that cannot be read is skipped and counted.
 *
 * <p>Fields are separated by tabs: {@code join⇥orders.*⇥billing} and
 * {@code leave⇥orders.*⇥shipping⇥a1:42,b7:17} (origins in hex).
 */
public final class GroupAnnouncement {

    /** The reserved topic of group announcements. */
    public static final String TOPIC = "_peermesh.groups";

    /** Most origins a leave names per group: the rest may be handled again by the members that take over. */
    static final int MAX_MARKS = 1_000;

    private GroupAnnouncement() {
    }

    /**
     * What one announcement said.
     *
     * @param joined the groups the member is in, with its incarnation (drawn when it started)
     * @param left the groups it leaves, each with the last sequence it handled per origin
     * @param sentAt when the member sent it, by its own clock (only the sender reads its own)
     * @param unreadable lines that could not be read
     */
    public record Parsed(List<GroupKey> joined, long incarnation, Map<GroupKey, Map<Long, Long>> left, long sentAt,
            int unreadable) {
    }

    /**
     * The text announcing membership of {@code joined} (as {@code incarnation}) and leaving {@code left} (with
     * marks), sent at {@code sentAt} by the sender's clock.
     */
    public static byte[] write(List<GroupKey> joined, long incarnation, Map<GroupKey, Map<Long, Long>> left,
            long sentAt) {
        StringBuilder text = new StringBuilder();
        text.append("at\t").append(sentAt).append('\n');
        text.append("incarnation\t").append(Long.toHexString(incarnation)).append('\n');
        for (GroupKey key : joined) {
            text.append("join\t").append(key.destination()).append('\t').append(key.group()).append('\n');
        }
        for (Map.Entry<GroupKey, Map<Long, Long>> leave : left.entrySet()) {
            text.append("leave\t").append(leave.getKey().destination()).append('\t').append(leave.getKey().group())
                    .append('\t');
            int written = 0;
            for (Map.Entry<Long, Long> mark : leave.getValue().entrySet()) {
                if (written++ == MAX_MARKS) {
                    break;
                }
                text.append(written > 1 ? "," : "").append(Long.toHexString(mark.getKey())).append(':')
                        .append(mark.getValue());
            }
            text.append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads an announcement; lines it cannot read are counted, not fatal. */
    public static Parsed read(byte[] payload) {
        List<GroupKey> joined = new ArrayList<>();
        Map<GroupKey, Map<Long, Long>> left = new LinkedHashMap<>();
        int unreadable = 0;
        long incarnation = 0;
        long sentAt = -1;
        for (String line : new String(payload, StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            try {
                if (fields[0].equals("at") && fields.length == 2) {
                    sentAt = Long.parseLong(fields[1]);
                }
                else if (fields[0].equals("incarnation") && fields.length == 2) {
                    incarnation = Long.parseUnsignedLong(fields[1], 16);
                }
                else if (fields[0].equals("join") && fields.length == 3) {
                    joined.add(new GroupKey(fields[1], fields[2]));
                }
                else if (fields[0].equals("leave") && fields.length == 4) {
                    left.put(new GroupKey(fields[1], fields[2]), marks(fields[3]));
                }
                else {
                    unreadable++;
                }
            }
            catch (IllegalArgumentException ex) {
                unreadable++;
            }
        }
        return new Parsed(joined, incarnation, left, sentAt, unreadable);
    }

    private static Map<Long, Long> marks(String text) {
        Map<Long, Long> marks = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return marks;
        }
        for (String pair : text.split(",")) {
            int colon = pair.indexOf(':');
            if (colon <= 0 || marks.size() == MAX_MARKS) {
                throw new IllegalArgumentException("Not an origin:sequence pair: " + pair);
            }
            marks.put(Long.parseUnsignedLong(pair.substring(0, colon), 16), Long.parseLong(pair.substring(colon + 1)));
        }
        return marks;
    }
}
