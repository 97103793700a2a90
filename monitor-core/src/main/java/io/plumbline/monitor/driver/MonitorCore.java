package io.plumbline.monitor.driver;

import io.plumbline.monitor.alert.AlertPolicy;
import io.plumbline.monitor.drift.DriftAnalyzer;
import io.plumbline.monitor.metrics.DriftGauges;
import io.plumbline.monitor.metrics.EventCounters;
import io.plumbline.monitor.result.WindowSpec;

/**
 * Everything a monitor needs besides its event source, built once from configuration and shared by the
 * Kafka Streams topology and the embedded monitor.
 */
public record MonitorCore(WindowSpec window, DriftAnalyzer analyzer, AlertPolicy alerts, WindowResultHandler handler,
        EventCounters events, DriftGauges gauges) {
    public MonitorCore {
        if (window == null || analyzer == null || alerts == null || handler == null || events == null
                || gauges == null) {
            throw new IllegalArgumentException("every part of the monitor core is required");
        }
    }
}
