package io.plumbline.monitor.result;

import io.plumbline.monitor.drift.DriftReport;
import io.plumbline.monitor.window.DriftWindow;
import java.time.Instant;

/**
 * The drift of one (model, version), or one segment of its traffic, over one closed window.
 *
 * @param segment empty for the whole traffic, else the segment's label ({@code tenant=acme},
 *     {@code region=other}: see {@code SegmentSpec})
 * @param start window start (inclusive)
 * @param end window end (exclusive); alert decisions use it as "now", so replays decide alike
 * @param counts the counts the report was computed from, for the live drift page's charts; the Kafka
 *     monitor reuses this object for its next window, so whoever keeps it past the handler copies it
 *     ({@link LatestWindows} does)
 */
public record WindowResult(String model, String version, String segment, Instant start, Instant end,
        DriftReport report, DriftWindow counts) {
    public WindowResult {
        if (model == null || version == null || segment == null || start == null || end == null || report == null
                || counts == null) {
            throw new IllegalArgumentException("model, version, segment, start, end, report and counts are required");
        }
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("window end " + end + " must be after its start " + start);
        }
    }

    /** The window of the whole traffic of (model, version). */
    public WindowResult(String model, String version, Instant start, Instant end, DriftReport report,
            DriftWindow counts) {
        this(model, version, "", start, end, report, counts);
    }

    /** True for a segment's window, false for the whole traffic's. */
    public boolean segmented() {
        return !segment.isEmpty();
    }
}
