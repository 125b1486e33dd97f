package dev.peermesh.wire;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frame comparison for tests. Frame records hold byte arrays, which their {@code equals} compares by identity, so
 * frames are compared field by field, arrays by content.
 */
final class FrameAssertions {

    private FrameAssertions() {
    }

    /** Asserts that {@code actual} is a frame of the same kind as {@code expected} with equal fields. */
    static void assertSameFrame(Object actual, Frame expected) {
        assertThat(actual).isInstanceOf(expected.getClass());
        assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
    }
}
