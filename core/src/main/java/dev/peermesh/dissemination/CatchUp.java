package dev.peermesh.dissemination;

import dev.peermesh.MeshMessage;
import dev.peermesh.NodeState;
import dev.peermesh.PropagationFilter;
import dev.peermesh.wire.Frame;

import java.util.HashMap;
import java.util.Map;

/**
 * A node catching up ({@code peermesh.catch-up.enabled}): when it starts, or gets a neighbor again after it had none,
 * it asks its first neighbors (CATCH_UP) for what their retention rings hold, and delivers each replayed message it
 * has not seen, marked {@link MeshMessage#REPLAYED_HEADER}, never forwarded. Duplicates across neighbors, and of
 * messages heard live, are dropped as any duplicate is. The catch-up ends when every neighbor asked has answered
 * (CAUGHT_UP) or gone, or at the timeout; while it lasts the sink is told ({@link DisseminationSink#catchingUp}), so
 * an order of origins first heard meanwhile waits for their replayed messages.
 *
 * <p>Numbers an origin published before this node first heard of it may lie below its duplicate-cache window, which
 * counts them as seen: the window is made to reach down to them ({@link DuplicateCache#reach}), and remembers them
 * for later catch-ups too. Where it cannot — the window moved on since (a gap given up on after a repair window, or
 * more than 65,536 numbers) — the replay is not delivered but counted: delivering it could deliver it twice.
 *
 * <p>Not thread-safe: called on the node's protocol thread.
 */
final class CatchUp {

    private final Frame.CatchUp request;
    private final int neighbors;
    private final long timeoutMillis;
    private final long timer;
    private final DuplicateCache seen;
    private final LocalGate gate;
    private final DisseminationSink sink;

    /** Links up now. */
    private final LinkSet up = new LinkSet();
    /** Links asked in this catch-up, and whether each still owes its answer. */
    private final Map<Long, Boolean> asked = new HashMap<>();

    /** Whether the next link up begins a catch-up: at the start, and after the last link went. */
    private boolean wanted = true;
    private boolean open;
    private int owed;

    private long started;
    private long timedOut;
    private long replayed;
    private long duplicates;
    private long unasked;
    private long tooOld;

    /**
     * @param request what each neighbor asked is asked for
     * @param neighbors how many of the first neighbors are asked
     * @param timer the token of the timeout ({@link DisseminationSink#schedule})
     */
    CatchUp(Frame.CatchUp request, int neighbors, long timeoutMillis, long timer, DuplicateCache seen,
            PropagationFilter filter, DisseminationSink sink) {
        this.request = request;
        this.neighbors = neighbors;
        this.timeoutMillis = timeoutMillis;
        this.timer = timer;
        this.seen = seen;
        this.gate = new LocalGate(filter, sink);
        this.sink = sink;
    }

    void linkUp(long link) {
        up.add(link);
        if (wanted) {
            wanted = false;
            open = true;
            asked.clear();
            started++;
            sink.catchingUp(true);
            sink.schedule(timer, timeoutMillis);
        }
        if (open && asked.size() < neighbors) {
            ask(link);
        }
    }

    void linkDown(long link) {
        up.remove(link);
        if (up.isEmpty()) {
            wanted = true;
        }
        if (open && Boolean.TRUE.equals(asked.get(link))) {
            asked.put(link, false);
            owed--;
            for (int i = 0; i < up.size() && owed == 0; i++) {
                if (!asked.containsKey(up.get(i))) {
                    ask(up.get(i)); // a neighbor not asked yet answers in its place
                }
            }
            if (owed == 0) {
                end();
            }
        }
    }

    /** A neighbor's answer is complete. */
    void caughtUp(long link) {
        if (open && Boolean.TRUE.equals(asked.get(link))) {
            asked.put(link, false);
            if (--owed == 0) {
                end();
            }
        }
    }

    /** The timeout: the answers still owed are not waited for. */
    void onTimer() {
        if (open) {
            timedOut++;
            end();
        }
    }

    /** A replayed message: delivered when it was asked for, is authentic and was not seen. */
    void replayed(long link, Frame.Data message) {
        if (!open || !Boolean.TRUE.equals(asked.get(link))) {
            unasked++; // after the catch-up ended, or never asked for: dropped
            return;
        }
        long origin = message.origin();
        long sequence = message.sequence();
        if (!seen.tracks(origin, sequence) && !seen.reach(origin, sequence)) {
            tooOld++; // the window moved on: whether it was delivered here is not known any more
            return;
        }
        if (seen.contains(origin, sequence)) {
            duplicates++;
            return;
        }
        if (!sink.authentic(link, message)) {
            return;
        }
        seen.firstSighting(origin, sequence);
        replayed++;
        gate.pass(marked(message), Math.max(1, message.hops()), PropagationFilter.Origin.REMOTE);
    }

    /** Messages delivered from replays. */
    long delivered() {
        return gate.delivered();
    }

    /** Whether a catch-up is under way. */
    boolean open() {
        return open;
    }

    NodeState.CatchUp counters(long served) {
        return new NodeState.CatchUp(started, timedOut, replayed, duplicates, unasked, tooOld, served);
    }

    private void ask(long link) {
        asked.put(link, true);
        owed++;
        sink.send(link, request);
    }

    private void end() {
        open = false;
        owed = 0;
        sink.catchingUp(false);
    }

    private static Frame.Data marked(Frame.Data message) {
        Map<String, String> headers = new HashMap<>(message.headers());
        headers.put(MeshMessage.REPLAYED_HEADER, "true");
        return new Frame.Data(message.origin(), message.sequence(), message.hops(), message.hopLimit(),
                message.topic(), headers, message.payload(), message.signature());
    }
}
