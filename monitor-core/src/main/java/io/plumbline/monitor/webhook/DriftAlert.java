package io.plumbline.monitor.webhook;

import io.plumbline.monitor.drift.FeatureDrift;
import io.plumbline.monitor.result.WindowResult;
import java.util.List;

/** An alert: the window that made it fire and the features that did. */
public record DriftAlert(WindowResult window, List<FeatureDrift> features) {
    public DriftAlert {
        if (window == null || features == null || features.isEmpty()) {
            throw new IllegalArgumentException("an alert needs its window and at least one feature");
        }
        features = List.copyOf(features);
    }
}
