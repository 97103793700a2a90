package io.plumbline.monitor.webhook;

import io.plumbline.monitor.result.WindowResult;
import java.util.List;

/** An alert on realised performance: the window that made it fire and the thresholds it crossed. */
public record PerformanceAlert(WindowResult window, List<Breach> breaches) {
    /** A metric past its threshold in the window, judged on {@code labelled} labelled predictions. */
    public record Breach(String metric, double value, double threshold, long labelled) {
    }

    public PerformanceAlert {
        if (window == null || breaches == null || breaches.isEmpty()) {
            throw new IllegalArgumentException("an alert needs its window and at least one breach");
        }
        breaches = List.copyOf(breaches);
    }
}
