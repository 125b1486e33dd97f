package dev.peermesh.dissemination;

import dev.peermesh.MeshMessage;
import dev.peermesh.MessageId;
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
 * <p>Numbers an origin published before this node first heard of it are remembered by the duplicate cache apart from
 * its window (as a few ranges per origin), so a later catch-up does not deliver them again either.
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

    /** How long a catch-up answered by fewer neighbors than it asks waits for another neighbor to ask. */
    static final long GRACE_MILLIS = 1_000;

    /** Whether the next link up begins a catch-up: at the start, and after the last link went. */
    private boolean wanted = true;
    private boolean open;
    private int owed;
    private int answered;
    /** When this catch-up times out, and when it ends now (earlier while it waits for another neighbor). */
    private long timeoutAt;
    private long deadline;

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
        this.gate = LocalGate.replays(filter, sink);
        this.sink = sink;
    }

    void linkUp(long link) {
        up.add(link);
        if (wanted && open) {
            wanted = false; // the catch-up under way asks it
        }
        if (wanted) {
            wanted = false;
            open = true;
            asked.clear();
            owed = 0;
            answered = 0;
            started++;
            timeoutAt = sink.now() + timeoutMillis;
            deadline = timeoutAt;
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
            for (int i = 0; i < up.size(); i++) {
                if (!asked.containsKey(up.get(i))) {
                    ask(up.get(i)); // a neighbor not asked yet answers in its place
                    break;
                }
            }
            endIfDone();
        }
    }

    /** A neighbor's answer is complete. */
    void caughtUp(long link) {
        if (open && Boolean.TRUE.equals(asked.get(link))) {
            asked.put(link, false);
            owed--;
            answered++;
            endIfDone();
        }
    }

    /** A timer of this catch-up, or of an earlier one: ends it when its time is up. */
    void onTimer() {
        if (open && sink.now() >= deadline) {
            if (owed > 0) {
                timedOut++;
            }
            end();
        }
    }

    /**
     * A replayed message: taken when it was asked for, is authentic and was not seen. It is delivered, marked
     * {@link MeshMessage#REPLAYED_HEADER}, unless it is for another node or a request to every node (answering it now
     * would come too late): those are passed by, as live. The marker of a message sent straight to this node goes to
     * the direct routing through the sink, as a live one does: delivered already, or awaited and reported lost.
     */
    void replayed(long link, Frame.Data message) {
        if (!open || !Boolean.TRUE.equals(asked.get(link))) {
            unasked++; // after the catch-up ended, or never asked for: dropped
            return;
        }
        long origin = message.origin();
        long sequence = message.sequence();
        if (seen.contains(origin, sequence)) {
            duplicates++;
            return;
        }
        if (!sink.authentic(link, message)) {
            return;
        }
        if (!seen.firstSighting(origin, sequence)) {
            tooOld++; // below the first heard, where the origin's ranges are full: not delivered twice
            return;
        }
        replayed++;
        Map<String, String> headers = message.headers();
        MessageId id = new MessageId(origin, sequence);
        if (headers.containsKey(MeshMessage.REQUEST_HEADER) && !headers.containsKey(MeshMessage.TARGET_HEADER)) {
            sink.passedBy(id, true);
        }
        else {
            gate.pass(marked(message), Math.max(1, message.hops()), PropagationFilter.Origin.REMOTE);
        }
    }

    /** Messages delivered from replays. */
    long delivered() {
        return gate.delivered();
    }

    NodeState.CatchUp counters(long served) {
        return new NodeState.CatchUp(started, timedOut, replayed, duplicates, unasked, tooOld, served);
    }

    private void ask(long link) {
        asked.put(link, true);
        owed++;
        deadline = timeoutAt;
        sink.send(link, request);
    }

    /**
     * Ends the catch-up once no answer is owed and as many neighbors as asked for answered; with fewer so far (the
     * first neighbor may have joined just before, and hold little or nothing), waits {@link #GRACE_MILLIS} for another
     * neighbor to come up and be asked.
     */
    private void endIfDone() {
        if (owed > 0) {
            return;
        }
        if (answered >= neighbors) {
            end();
        }
        else if (sink.now() + GRACE_MILLIS < deadline) {
            deadline = sink.now() + GRACE_MILLIS;
            sink.schedule(timer, GRACE_MILLIS);
        }
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
