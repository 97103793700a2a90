package io.plumbline.monitor.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.plumbline.monitor.quality.ClassifierPerformance;
import io.plumbline.monitor.quality.EstimatedPerformance;
import io.plumbline.monitor.quality.RegressorPerformance;
import io.plumbline.monitor.quality.WindowPerformance;
import io.plumbline.monitor.result.WindowResult;
import java.util.List;

/**
 * Model quality of the last closed window per (model, version):
 * <ul>
 *   <li>{@code model.performance} (tags metric, source): {@code source="realised"} over the predictions labelled
 *       in the window (classifiers: accuracy, log_loss, brier, ece; regressors: mae, rmse, bias) and
 *       {@code source="estimated"} over every prediction of the window, from the reference calibration map
 *       (accuracy, roc_auc; classifiers with a calibrated profile only), so a panel draws both lines;
 *   <li>{@code model.class.precision} and {@code model.class.recall} (tag class), realised;
 *   <li>{@code model.feedback.labelled} (rows labelled in the window) and {@code model.feedback.coverage}
 *       (labelled over predicted rows in the window; labels that arrive days later make it lag).
 * </ul>
 * A segment's window sets the same gauges as {@code model.segment.*} with a {@code segment} tag.
 * A value with nothing to compute it from (no label in the window) is NaN, not the previous window's.
 */
public final class PerformanceGauges {
    private final GaugeSet gauges;

    public PerformanceGauges(MeterRegistry registry) {
        this.gauges = new GaugeSet(registry);
    }

    public void update(WindowResult r) {
        WindowPerformance p = r.counts().performance();
        String model = r.model();
        String segment = r.segment();
        Tags version = GaugeSet.base(r.version(), segment);
        gauges.set(GaugeSet.name("model.feedback.labelled", segment), model, version, p.labelled(),
                "Predictions labelled by feedback in the last closed window");
        gauges.set(GaugeSet.name("model.feedback.coverage", segment), model, version,
                p.predictions() == 0 ? Double.NaN : (double) p.labelled() / p.predictions(),
                "Predictions labelled over predictions made in the last closed window");
        ClassifierPerformance c = p.classifier();
        if (c != null) {
            realised(model, segment, version, "accuracy", c.accuracy());
            realised(model, segment, version, "log_loss", c.logLoss());
            realised(model, segment, version, "brier", c.brier());
            realised(model, segment, version, "ece", c.expectedCalibrationError());
            List<String> classes = p.classes();
            for (int k = 0; k < classes.size(); k++) {
                Tags tags = version.and("class", classes.get(k));
                gauges.set(GaugeSet.name("model.class.precision", segment), model, tags, c.precision(k),
                        "Realised precision of the class in the last closed window");
                gauges.set(GaugeSet.name("model.class.recall", segment), model, tags, c.recall(k),
                        "Realised recall of the class in the last closed window");
            }
        }
        RegressorPerformance g = p.regressor();
        if (g != null) {
            realised(model, segment, version, "mae", g.mae());
            realised(model, segment, version, "rmse", g.rmse());
            realised(model, segment, version, "bias", g.bias());
        }
        EstimatedPerformance e = p.estimated();
        if (e != null) {
            estimated(model, segment, version, "accuracy", e.accuracy());
            estimated(model, segment, version, "roc_auc", e.macroRocAuc());
        }
    }

    private void realised(String model, String segment, Tags version, String metric, double value) {
        gauges.set(GaugeSet.name("model.performance", segment), model, version.and("metric", metric, "source", "realised"), value,
                "Model performance in the last closed window: realised from feedback, or estimated (CBPE)");
    }

    private void estimated(String model, String segment, Tags version, String metric, double value) {
        gauges.set(GaugeSet.name("model.performance", segment), model, version.and("metric", metric, "source", "estimated"), value,
                "Model performance in the last closed window: realised from feedback, or estimated (CBPE)");
    }

    /** A gauge's value, for tests; NaN when absent. */
    public double value(String name, String model, String version, String... tags) {
        return gauges.value(name, model, Tags.of("version", version).and(tags));
    }

    public void remove(String model) {
        gauges.removeModel(model);
    }
}
