package dev.peermesh.dissemination;

import dev.peermesh.MessageId;
import dev.peermesh.TopicFilter;
import dev.peermesh.wire.Frame;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * This node's answers to neighbors catching up: the messages its retention ring ({@link MessageCache}) holds that a
 * CATCH_UP asks for, sent as REPLAY frames, oldest first, then a CAUGHT_UP with their number. Which messages is fixed
 * when the CATCH_UP comes; one that leaves the ring before its turn is skipped. Messages for one node and requests
 * are replayed too, so the asking node sees no gap in their origins' numbers; it passes them by.
 *
 * <p>Paced, so an answer of tens of thousands of messages neither fills the link's backlog nor holds up live
 * traffic: at most {@link #BATCH} messages per link per round, none onto a congested link, a round every
 * {@link #ROUND_MILLIS} ms while an answer is under way. A link is answered once (a second CATCH_UP on it is ignored:
 * a peer cannot have the ring walked over and over), so at most one answer per neighbor is under way.
 *
 * <p>Not thread-safe: called on the node's protocol thread.
 */
final class Replays {

    /** Messages sent on one link per round. */
    static final int BATCH = 256;

    /** Time between rounds, in ms. */
    static final long ROUND_MILLIS = 5;

    private final MessageCache cache;
    private final DisseminationSink sink;
    private final long tickMillis;
    private final long timer;

    /** Answers under way, by link. */
    private final Map<Long, Answer> answers = new LinkedHashMap<>();

    /** Links that asked already: each is answered once, so a peer cannot have the ring walked over and over. */
    private final java.util.Set<Long> askedOn = new java.util.HashSet<>();

    private boolean scheduled;
    private long served;

    /**
     * @param tickMillis the maintenance interval: the unit the ring measures age in
     * @param timer the token of this answer's rounds ({@link DisseminationSink#schedule})
     */
    Replays(MessageCache cache, DisseminationSink sink, long tickMillis, long timer) {
        this.cache = cache;
        this.sink = sink;
        this.tickMillis = tickMillis;
        this.timer = timer;
    }

    /** A neighbor asks to catch up: its answer begins now. */
    void asked(long link, Frame.CatchUp request) {
        if (!askedOn.add(link)) {
            return; // a link is answered once
        }
        Answer answer = new Answer(select(request.rules()));
        answers.put(link, answer);
        if (serve(link, answer)) {
            answers.remove(link);
        }
        else if (!scheduled) {
            scheduled = true;
            sink.schedule(timer, ROUND_MILLIS);
        }
    }

    /** The link ended: its answer with it. */
    void linkDown(long link) {
        answers.remove(link);
        askedOn.remove(link);
    }

    /** A round: every answer under way goes on. */
    void onTimer() {
        scheduled = false;
        for (Map.Entry<Long, Answer> entry : List.copyOf(answers.entrySet())) {
            // a send may end a link (its backlog overflowed), and with it the link's entry: not removed in a walk
            if (answers.get(entry.getKey()) == entry.getValue() && serve(entry.getKey(), entry.getValue())) {
                answers.remove(entry.getKey());
            }
        }
        if (!answers.isEmpty()) {
            scheduled = true;
            sink.schedule(timer, ROUND_MILLIS);
        }
    }

    /** Messages replayed to neighbors. */
    long served() {
        return served;
    }

    /** Sends the answer's next batch; true when it is complete (CAUGHT_UP sent). */
    private boolean serve(long link, Answer answer) {
        int sent = 0;
        while (answer.next < answer.ids.size() && sent < BATCH && !sink.congested(link)) {
            Frame.Data message = cache.get(answer.ids.get(answer.next++));
            if (message != null && sink.fits(link, message)) {
                sink.send(link, new Frame.Replay(message));
                answer.sent++;
                served++;
                sent++;
            }
        }
        if (answer.next < answer.ids.size()) {
            return false;
        }
        sink.send(link, new Frame.CaughtUp(Math.min(answer.sent, 0xFFFF_FFFFL)));
        return true;
    }

    /**
     * The ids the rules ask for, oldest first: per rule, the newest {@code maxMessages} messages whose topic matches
     * it (a message counts for the first rule it matches) within its age.
     */
    private List<MessageId> select(List<Frame.CatchUpRule> rules) {
        int count = rules.size();
        TopicFilter[] filters = new TopicFilter[count];
        long[] maxAgeTicks = new long[count];
        int[] left = new int[count];
        long oldest = 0;
        for (int i = 0; i < count; i++) {
            Frame.CatchUpRule rule = rules.get(i);
            filters[i] = TopicFilter.of(rule.topics());
            maxAgeTicks[i] = (rule.maxAgeMillis() + tickMillis - 1) / tickMillis;
            left[i] = rule.maxMessages();
            oldest = Math.max(oldest, maxAgeTicks[i]);
        }
        long oldestTicks = oldest;
        int[] rulesOpen = {count};
        List<MessageId> picked = new ArrayList<>();
        cache.forEachNewest((origin, sequence, topic, headers, ageTicks) -> {
            if (ageTicks > oldestTicks) {
                return false;
            }
            for (int i = 0; i < count; i++) {
                if (filters[i].matches(topic)) {
                    if (ageTicks <= maxAgeTicks[i] && left[i] > 0) {
                        picked.add(new MessageId(origin, sequence));
                        if (--left[i] == 0) {
                            rulesOpen[0]--;
                        }
                    }
                    break;
                }
            }
            return rulesOpen[0] > 0;
        });
        Collections.reverse(picked);
        return picked;
    }

    /** One neighbor's answer: the ids chosen, the next to send, and how many were sent. */
    private static final class Answer {

        final List<MessageId> ids;
        int next;
        long sent;

        Answer(List<MessageId> ids) {
            this.ids = ids;
        }
    }
}
