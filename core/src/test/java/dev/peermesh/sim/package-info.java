/**
 * A deterministic discrete-event simulator that runs the real protocol and dissemination classes with thousands of
 * nodes in one thread and virtual time, and the experiments and tests that measure reliability, redundancy and
 * last delivery hop with it; optionally with links of limited bandwidth and nodes that take time per frame, to
 * measure what dissemination costs under load.
 */
package dev.peermesh.sim;
