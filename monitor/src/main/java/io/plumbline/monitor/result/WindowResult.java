package io.plumbline.monitor.result;

import io.plumbline.monitor.drift.DriftReport;
import java.time.Instant;

/**
 * The drift of one (model, version) over one closed window.
 *
 * @param start window start (inclusive)
 * @param end window end (exclusive); alert decisions use it as "now", so replays decide alike
 */
public record WindowResult(String model, String version, Instant start, Instant end, DriftReport report) {
    public WindowResult {
        if (model == null || version == null || start == null || end == null || report == null) {
            throw new IllegalArgumentException("model, version, start, end and report are required");
        }
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("window end " + end + " must be after its start " + start);
        }
    }
}
