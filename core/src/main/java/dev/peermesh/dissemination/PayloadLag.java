package dev.peermesh.dissemination;

/**
 * How long after its announcement a message's payload usually arrives on the tree, and so how long to wait before
 * pulling one that has not: the smoothed lag plus four times its mean deviation (as TCP times a retransmission),
 * between a floor and a ceiling. Only announcements that came before their payload are measured: they are the cases a
 * wait is for. Until the first is measured the wait is the ceiling, the configured {@code graftTimeout}.
 *
 * <p>On an idle mesh a payload that is announced first trails its announcement by a few milliseconds and a lost one
 * is pulled within tens of them; on a loaded mesh payloads queue behind others on the tree links, the lag grows and
 * so does the wait, up to the ceiling, rather than pulling what is only late. {@code wait = lag.waitMillis();}
 */
final class PayloadLag {

    /** Weight of a new sample in the smoothed lag (1/8, as TCP's SRTT). */
    private static final double GAIN = 0.125;

    /** Weight of a new sample in the mean deviation (1/4, as TCP's RTTVAR). */
    private static final double DEVIATION_GAIN = 0.25;

    private final long floorMillis;

    private final long ceilingMillis;

    private boolean measured;

    private double smoothed;

    private double deviation;

    private long samples;

    PayloadLag(long floorMillis, long ceilingMillis) {
        this.floorMillis = Math.min(floorMillis, ceilingMillis);
        this.ceilingMillis = ceilingMillis;
    }

    /** A payload arrived {@code lagMillis} after this node first heard it announced. */
    void sample(long lagMillis) {
        samples++;
        double lag = Math.max(0, lagMillis);
        if (!measured) {
            measured = true;
            smoothed = lag;
            deviation = lag / 2;
            return;
        }
        deviation += DEVIATION_GAIN * (Math.abs(lag - smoothed) - deviation);
        smoothed += GAIN * (lag - smoothed);
    }

    /** How long to wait, after a message's announcement, for its payload before pulling it. */
    long waitMillis() {
        if (!measured) {
            return ceilingMillis;
        }
        long wait = (long) Math.ceil(smoothed + 4 * deviation);
        return Math.max(floorMillis, Math.min(ceilingMillis, wait));
    }

    /** Lags measured so far. */
    long samples() {
        return samples;
    }
}
