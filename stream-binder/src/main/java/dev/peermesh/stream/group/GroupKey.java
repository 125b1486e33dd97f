package dev.peermesh.stream.group;

/**
 * A consumer group on one destination: members of group {@code orders} on {@code orders.*} share its messages; the
 * same group name on another destination is another group.
 *
 * @param destination the binding's destination (a topic or pattern)
 * @param group the group name
 */
public record GroupKey(String destination, String group) {

    public GroupKey {
        if (destination.indexOf('\n') >= 0 || group.indexOf('\n') >= 0 || destination.indexOf('\t') >= 0
                || group.indexOf('\t') >= 0) {
            throw new IllegalArgumentException("A group name and destination may not contain tabs or line breaks: '"
                    + group + "' on '" + destination + "'");
        }
    }

    @Override
    public String toString() {
        return group + " on " + destination;
    }
}
