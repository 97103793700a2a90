package io.plumbline.monitor.html;

import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.monitor.window.CategoricalWindow;
import io.plumbline.monitor.window.DriftWindow;
import io.plumbline.monitor.window.FeatureWindow;
import io.plumbline.monitor.window.NumericWindow;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What is drawn for one feature: for a numeric one the coarse histogram and the CDFs, for a
 * categorical one the category bars. Aggregates only: the size depends on bins, not on rows.
 */
record FeatureCharts(String feature, CoarseHistogram histogram, CdfCurve cdf, CategoryBars categories) {

    boolean numeric() {
        return categories == null;
    }

    /** Charts of every feature of the window, keyed by feature name, in profile order. */
    static Map<String, FeatureCharts> of(DriftWindow window, int coarseBins, Map<String, Map<String, Long>> unseen) {
        Map<String, FeatureCharts> charts = new LinkedHashMap<>();
        for (FeatureProfile f : window.profile().features()) {
            FeatureWindow w = window.feature(f.name());
            if (w instanceof NumericWindow n) {
                charts.put(f.name(), new FeatureCharts(f.name(), CoarseHistogram.of(f.numeric(), n, coarseBins),
                        CdfCurve.of(f.numeric(), n, CdfCurve.TOLERANCE), null));
            } else {
                charts.put(f.name(), new FeatureCharts(f.name(), null, null,
                        CategoryBars.of(f.categorical(), (CategoricalWindow) w, unseen.getOrDefault(f.name(), Map.of()))));
            }
        }
        return charts;
    }
}
