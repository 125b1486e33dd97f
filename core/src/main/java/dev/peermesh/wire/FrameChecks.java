package dev.peermesh.wire;

import dev.peermesh.FrameLimits;

import java.util.List;
import java.util.Objects;

/** The checks a {@link Frame} makes on what it is built from: a frame that breaks a limit is never made. */
final class FrameChecks {

    private FrameChecks() {
    }

    static void requireHops(int value, String name) {
        if (value < 0 || value > Frame.MAX_HOPS) {
            throw new IllegalArgumentException(name + " must be 0 to " + Frame.MAX_HOPS
                    + " (a 16-bit field on the wire), not " + value);
        }
    }

    static void requireMaxMessageSize(int maxMessageSize) {
        if (maxMessageSize < FrameLimits.MIN_FRAME_LENGTH) {
            throw new IllegalArgumentException("max message size must be " + FrameLimits.MIN_FRAME_LENGTH + " to "
                    + Integer.MAX_VALUE + ", not " + maxMessageSize);
        }
    }

    static void requireAtMost(int count, int max, String name) {
        if (count > max) {
            throw new IllegalArgumentException("A frame carries at most " + max + " " + name + ", not " + count);
        }
    }

    static void requireBetween(int count, int min, int max, String name) {
        if (count < min || count > max) {
            throw new IllegalArgumentException("A frame carries " + min + " to " + max + " " + name + ", not " + count);
        }
    }

    static void requireLength(byte[] bytes, int length, String name) {
        Objects.requireNonNull(bytes, name);
        if (bytes.length != length) {
            throw new IllegalArgumentException(name + " must be " + length + " bytes, not " + bytes.length);
        }
    }

    static void requireShare(byte[] share) {
        Objects.requireNonNull(share, "share");
        if (share.length != 0 && share.length != Frame.SHARE_LENGTH) {
            throw new IllegalArgumentException("a key share must be " + Frame.SHARE_LENGTH + " bytes or none, not "
                    + share.length);
        }
    }

    static List<Referral> checkedReferrals(List<Referral> referrals) {
        List<Referral> copy = List.copyOf(referrals);
        if (copy.size() > Frame.MAX_REFERRALS) {
            throw new IllegalArgumentException("A frame carries at most " + Frame.MAX_REFERRALS + " referrals, not "
                    + copy.size());
        }
        return copy;
    }
}
