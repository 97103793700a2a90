package io.plumbline.monitor.result;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.monitor.quality.ClassifierPerformance;
import io.plumbline.monitor.quality.EstimatedPerformance;
import io.plumbline.monitor.quality.RegressorPerformance;
import io.plumbline.monitor.quality.WindowPerformance;
import java.util.List;

/**
 * The {@code performance} object of a window's drift record: predictions and labelled rows, the realised
 * metrics over the labelled ones and the estimated metrics over all (the values the {@code model.*}
 * gauges export). Undefined values (nothing labelled) are null.
 */
final class PerformanceJson {
    private PerformanceJson() {
    }

    static void write(ObjectNode node, WindowPerformance p) {
        node.put("predictions", p.predictions());
        node.put("labelled", p.labelled());
        node.put("unscorable", p.unscorable());
        ClassifierPerformance c = p.classifier();
        if (c != null) {
            ObjectNode r = node.putObject("realised");
            DriftJson.number(r, "accuracy", c.accuracy());
            DriftJson.number(r, "logLoss", c.logLoss());
            DriftJson.number(r, "brier", c.brier());
            DriftJson.number(r, "ece", c.expectedCalibrationError());
            ArrayNode classes = r.putArray("classes");
            List<String> names = p.classes();
            for (int k = 0; k < names.size(); k++) {
                ObjectNode one = classes.addObject().put("class", names.get(k));
                DriftJson.number(one, "precision", c.precision(k));
                DriftJson.number(one, "recall", c.recall(k));
            }
        }
        RegressorPerformance g = p.regressor();
        if (g != null) {
            ObjectNode r = node.putObject("realised");
            DriftJson.number(r, "mae", g.mae());
            DriftJson.number(r, "rmse", g.rmse());
            DriftJson.number(r, "bias", g.bias());
        }
        EstimatedPerformance e = p.estimated();
        if (e != null) {
            ObjectNode est = node.putObject("estimated");
            DriftJson.number(est, "accuracy", e.accuracy());
            DriftJson.number(est, "rocAuc", e.macroRocAuc());
        }
    }
}
