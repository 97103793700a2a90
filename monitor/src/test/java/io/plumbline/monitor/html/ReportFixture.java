package io.plumbline.monitor.html;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.monitor.drift.DriftAnalyzer;
import io.plumbline.monitor.drift.DriftReport;
import io.plumbline.monitor.drift.DriftSettings;
import io.plumbline.monitor.result.DriftJson;
import io.plumbline.monitor.window.DriftWindow;
import java.util.List;
import java.util.Locale;

/** A JSON report tree with the fields {@code report --format json} writes, for tests of the page alone. */
final class ReportFixture {
    private ReportFixture() {
    }

    static ObjectNode tree(DriftWindow window, DriftSettings settings) {
        DriftReport report = new DriftAnalyzer(settings).analyze(window);
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("rows", report.rows());
        root.put("alpha", report.alpha());
        root.put("correction", report.correction().name().toLowerCase(Locale.ROOT));
        root.put("drift", report.anyDrift());
        root.putPOJO("driftedFeatures", report.driftedFeatures());
        root.putPOJO("ignoredColumns", List.of());
        root.putPOJO("unselectedColumns", List.of());
        root.putPOJO("absentFeatures", List.of());
        root.put("malformedRows", 0);
        root.put("complete", true);
        root.putPOJO("incomplete", List.of());
        root.put("pValues", "p-values: test");
        root.put("exitCode", report.anyDrift() ? 1 : 0);
        root.set("features", new DriftJson().features(report.features()));
        return root;
    }
}
