package io.plumbline.monitor.html;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.monitor.drift.DriftAnalyzer;
import io.plumbline.monitor.drift.DriftReport;
import io.plumbline.monitor.drift.DriftSettings;
import io.plumbline.monitor.result.DriftJson;
import io.plumbline.monitor.result.InputNotes;
import io.plumbline.monitor.window.DriftWindow;
import java.util.List;

/** A JSON report tree with the fields {@code report --format json} writes, for tests of the page alone. */
final class ReportFixture {
    private ReportFixture() {
    }

    static ObjectNode tree(DriftWindow window, DriftSettings settings) {
        DriftReport report = new DriftAnalyzer(settings).analyze(window);
        DriftJson json = new DriftJson();
        return json.report(json.mapper().createObjectNode(), report, InputNotes.NONE, List.of(), "p-values: test",
                report.anyDrift() ? 1 : 0);
    }
}
