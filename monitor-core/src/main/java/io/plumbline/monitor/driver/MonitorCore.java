package io.plumbline.monitor.driver;

import io.plumbline.monitor.alert.AlertPolicy;
import io.plumbline.monitor.drift.DriftAnalyzer;
import io.plumbline.monitor.feedback.FeedbackCounters;
import io.plumbline.monitor.metrics.DriftGauges;
import io.plumbline.monitor.metrics.EventCounters;
import io.plumbline.monitor.result.WindowSpec;
import java.time.Duration;

/**
 * Everything a monitor needs besides its event source, built once from configuration and shared by the
 * Kafka Streams topology and the embedded monitor.
 *
 * @param joinWindow how long feedback and its prediction wait for each other
 * @param feedback the feedback join's outcome counters
 */
public record MonitorCore(WindowSpec window, DriftAnalyzer analyzer, AlertPolicy alerts, WindowResultHandler handler,
        EventCounters events, DriftGauges gauges, Duration joinWindow, FeedbackCounters feedback) {
    public MonitorCore {
        if (window == null || analyzer == null || alerts == null || handler == null || events == null
                || gauges == null || joinWindow == null || feedback == null) {
            throw new IllegalArgumentException("every part of the monitor core is required");
        }
    }
}
