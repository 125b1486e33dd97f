package dev.peermesh.dissemination;

import dev.peermesh.wire.Frame;

import java.util.ArrayList;
import java.util.List;

/**
 * The PAUSE and RESUME frames one event of {@link TreeHolds} decided, gathered per link and sent at the event's
 * end: one RESUME and one PAUSE per link (more only past {@link Frame#MAX_MESSAGE_IDS} origins), resumes first.
 *
 * <p>Not thread-safe: owned by the protocol thread. {@code frames.pause(link, origin); frames.send(hops);}
 */
final class HoldFrames {

    private final DisseminationSink sink;

    private final List<Long> links = new ArrayList<>();

    private final List<List<Long>> pauses = new ArrayList<>();

    private final List<List<Long>> resumes = new ArrayList<>();

    HoldFrames(DisseminationSink sink) {
        this.sink = sink;
    }

    void pause(long link, long origin) {
        slot(link, pauses).add(origin);
    }

    void resume(long link, long origin) {
        slot(link, resumes).add(origin);
    }

    /** Sends what was decided; the pauses may go {@code hops} further (none below 0: they end at the receiver). */
    void send(int hops) {
        for (int i = 0; i < links.size(); i++) {
            long link = links.get(i);
            sendAll(link, resumes.get(i), false, 0);
            sendAll(link, pauses.get(i), true, Math.max(0, hops));
        }
        links.clear();
        pauses.clear();
        resumes.clear();
    }

    private void sendAll(long link, List<Long> origins, boolean pause, int hops) {
        for (int from = 0; from < origins.size(); from += Frame.MAX_MESSAGE_IDS) {
            List<Long> part = origins.subList(from, Math.min(origins.size(), from + Frame.MAX_MESSAGE_IDS));
            sink.send(link, pause ? new Frame.Pause(hops, part) : new Frame.Resume(part));
        }
    }

    private List<Long> slot(long link, List<List<Long>> kind) {
        int index = links.indexOf(link);
        if (index < 0) {
            links.add(link);
            pauses.add(new ArrayList<>());
            resumes.add(new ArrayList<>());
            index = links.size() - 1;
        }
        return kind.get(index);
    }
}
