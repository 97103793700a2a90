package io.plumbline.monitor.drift;

/** Outcome of one test on one window. */
public enum Verdict {
    NO_DRIFT,
    DRIFT,
    /** The window held fewer usable values than the minimum count (or the reference none): no verdict. */
    INSUFFICIENT_DATA
}
