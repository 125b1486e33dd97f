package dev.peermesh.node;

import dev.peermesh.PeerAddress;
import dev.peermesh.log.PeerText;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The peers a node dialled lately and how the last try of each ended, so a node that stays alone can say what it
 * tried. Bounded: the peer tried longest ago makes room for a new one.
 *
 * <p>Not thread-safe: the driver uses it on the node's protocol thread.
 */
final class PeersTried {

    /** Peers remembered. */
    static final int CAPACITY = 16;

    private final Map<PeerAddress, Try> tries = new LinkedHashMap<>();

    /** The node dialled {@code address}. */
    void dialled(PeerAddress address) {
        Try entry = tries.remove(address);
        if (entry == null) {
            entry = new Try();
        }
        entry.count++;
        entry.outcome = "no answer yet";
        tries.put(address, entry);
        if (tries.size() > CAPACITY) {
            Iterator<PeerAddress> oldest = tries.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** The last try of {@code address} failed: {@code why}, in words. */
    void failed(PeerAddress address, String why) {
        Try entry = tries.get(address);
        if (entry != null) {
            entry.outcome = why;
        }
    }

    /** The peer linked: it is no longer a failure to report. */
    void linked(PeerAddress address) {
        tries.remove(address);
    }

    /** Peers remembered. */
    int size() {
        return tries.size();
    }

    /**
     * The peers, most recently tried first, each with its number of tries and how the last one ended; peer-supplied
     * text escaped. {@code "none"} when no peer was tried.
     */
    String describe() {
        if (tries.isEmpty()) {
            return "none";
        }
        List<String> lines = new ArrayList<>(tries.size());
        tries.forEach((address, entry) -> lines.add(0, PeerText.escape(address) + " (" + entry.count
                + (entry.count == 1 ? " try" : " tries") + ", last: " + PeerText.escape(entry.outcome) + ")"));
        return String.join("; ", lines);
    }

    private static final class Try {

        int count;

        String outcome;
    }
}
